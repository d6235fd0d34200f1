/**
 * The authorization-code flow over plain HTTP, as a browser would drive it but step by step:
 * a cookie jar of one session cookie, redirects not followed, forms read from the HTML.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Container } from '../../functions/container.js';

export const CALLBACK = 'http://localhost:9999/callback';

export interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly location: string | undefined;
  /** The session cookie this response set (name=value), if it set one. */
  readonly setCookie: string | undefined;
}

async function page(res: Response): Promise<Page> {
  const setCookie = res.headers.getSetCookie().find((c) => c.includes('connect_session='));
  return {
    status: res.status,
    headers: res.headers,
    text: await res.text(),
    location: res.headers.get('location') ?? undefined,
    setCookie: setCookie?.split(';')[0],
  };
}

export async function get(url: string, cookie?: string, headers: Record<string, string> = {}): Promise<Page> {
  return page(await fetch(url, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } }));
}

export async function post(url: string, form: Record<string, string>, cookie?: string, headers: Record<string, string> = {}): Promise<Page> {
  return page(
    await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

/** Signs in and returns the session cookie (`connect_session=...`). */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await post(`${base}/oauth/login`, { email, password });
  if (res.status !== 303 || !res.setCookie) throw new Error(`login failed: ${res.status}`);
  return res.setCookie;
}

export function authorizeUrl(base: string, params: Record<string, string>): string {
  return `${base}/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

/** The hidden fields (and CSRF token) of the consent form. */
export function formFields(html: string, action = '/oauth/authorize'): Record<string, string> {
  const form = html.split('<form').find((f) => f.includes(`action="${action}"`)) ?? '';
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = unescape(m[2]!);
  return fields;
}

function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The query parameters of a redirect. */
export function query(location: string | undefined): Record<string, string> {
  if (!location) throw new Error('no Location header');
  return Object.fromEntries(new URL(location).searchParams);
}

/** Through consent (when shown) to the code. */
export async function authorizeAndApprove(base: string, cookie: string, params: Record<string, string>): Promise<Record<string, string>> {
  const first = await get(authorizeUrl(base, params), cookie);
  if (first.status === 302) return query(first.location);
  if (first.status !== 200) throw new Error(`authorize answered ${first.status}: ${first.text.slice(0, 300)}`);
  const answer = await post(`${base}/oauth/authorize`, { ...formFields(first.text), decision: 'approve' }, cookie);
  return query(answer.location);
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** Every item of the table, for "nothing was written" assertions. */
export async function tableContents(deps: Container): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.table.doc.send(new ScanCommand({ TableName: deps.table.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items.map((i) => JSON.stringify(i, (_k, v) => (v instanceof Set ? [...v].sort() : v))).sort());
}
