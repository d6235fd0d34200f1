import { postFrom, type JsonResponse } from './http.js';

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
  return postFrom(options.from, new URL('/oauth/register', base).toString(), body, {
    'content-type': options.contentType ?? 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  });
}
