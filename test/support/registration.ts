import { request } from 'node:http';
import type { JsonResponse } from './http.js';

/**
 * POST /oauth/register (RFC 7591 §3.1) as a client library sends it: a JSON body, optionally
 * an initial access token, optionally from a chosen loopback address (127.0.0.x) so a test
 * can stand for callers at different addresses.
 */
export function registerClient(
  base: string,
  metadata: unknown,
  options: { readonly token?: string; readonly from?: string; readonly contentType?: string } = {},
): Promise<JsonResponse> {
  const body = typeof metadata === 'string' ? metadata : JSON.stringify(metadata);
  const target = new URL('/oauth/register', base);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname,
        method: 'POST',
        ...(options.from ? { localAddress: options.from } : {}),
        headers: {
          host: target.host,
          'content-type': options.contentType ?? 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed: any;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          done({ status: res.statusCode ?? 0, headers, body: parsed, text });
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}
