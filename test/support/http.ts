import { request } from 'node:http';

/** Small helpers for talking to the server over real HTTP, as a client library would. */

export function basic(clientId: string, secret: string): string {
  // RFC 6749 §2.3.1: each part form-urlencoded before Base64.
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64');
}

export interface JsonResponse<T = Record<string, any>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export async function postForm(
  url: string,
  params: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return read(res);
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return read(res);
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  return read(await fetch(url, { headers }));
}

export async function read(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

/**
 * A form POST from a chosen loopback address (127.0.0.x), so tests can stand for callers at
 * different addresses: the whole 127/8 range reaches this machine.
 */
export function postFormFrom(
  localAddress: string | undefined,
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  return postFrom(localAddress, url, new URLSearchParams(params).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
}

/** A POST of a raw body through node:http, from `localAddress` when given (127.0.0.x). */
export function postFrom(localAddress: string | undefined, url: string, body: string, headers: Record<string, string>): Promise<JsonResponse> {
  return new Promise((done, fail) => {
    const target = new URL(url);
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        ...(localAddress ? { localAddress } : {}),
        headers: { host: target.host, 'content-length': Buffer.byteLength(body), ...headers },
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
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          done({ status: res.statusCode ?? 0, headers: h, body: parsed, text });
        });
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}
