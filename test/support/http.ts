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
