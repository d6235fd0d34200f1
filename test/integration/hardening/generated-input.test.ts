import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/routes.js';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic } from '../../support/http.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { CALLBACK } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Hostile input, generated (issue 10): every route and method, with values up to 8 KB that are
 * multi-byte (€, emoji), hold control characters, invalid UTF-8 or lone surrogates, in every
 * parameter (query, form, JSON), header (Authorization Basic and Bearer included), cookie and
 * path id; signed in and not; repeated parameters, odd content types and raw bytes. Whatever
 * arrives, the answer is a success, a redirect, an RFC error JSON or an error page — never a
 * 5xx and never a stack trace. Seeded, so a failure replays: the failing requests are printed.
 */
const SEED = 20261201;
const REQUESTS = 10_200;
const CONCURRENCY = 10;
/**
 * The request line and headers stay within API Gateway's 10,240 bytes (HTTP APIs), below which
 * Node's own 16 KB limit never answers for us: a long value goes in the body, or in one header.
 */
const MAX_URL = 4000;
const MAX_HEADER_BYTES = 8192;
const MAX_REQUEST_HEAD = 10_000;

// ---- values -------------------------------------------------------------------------------
const UNITS = ['a', 'Z', '0', '-', '.', '_', '~', ' ', '+', '%', '&', '=', '#', '?', '/', ':', '@', '"', "'", '\\', '<', '{', '[', '€', 'é', '😀', '\u0301', '\u202e', '\ufeff', '\ufffd', '\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f', '\u0085', '\ud800', '\udbff', '\udc00', '\udfff'];
const unit = fc.constantFrom(...UNITS);
/** Short strings of any units (lone surrogates and control characters included). */
const short = fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 16 }));
/** Long ones, up to 8 KB: a unit repeated, with a short head and tail — cheap to generate. */
const long = fc
  .record({ head: short, body: fc.oneof(unit, fc.constantFrom('a', '€', '😀', 'x\u0000', '\ud800')), times: fc.integer({ min: 100, max: 8192 }), tail: short })
  .map(({ head, body, times, tail }) => head + body.repeat(Math.max(1, Math.floor(times / body.length))) + tail);

// ---- the request ------------------------------------------------------------------------
interface Known {
  readonly clientId: string;
  readonly pwClientId: string;
  readonly validBasic: string;
  readonly email: string;
  readonly user: SignedInUser;
}

const KNOWN_VALUES = ['client_credentials', 'password', 'refresh_token', 'authorization_code', 'code', 'S256', 'approve', 'deny', 'access_token', 'refresh_token', CALLBACK, '/oauth/account', 'read', 'eyJhbGciOiJub25lIn0.e30.', '0'.repeat(32) + '.' + 'x'.repeat(43), 'https://api.example/mcp', 'https://api.example/mcp#x'];
const value = (known: Known) =>
  fc.oneof(
    { weight: 3, arbitrary: short },
    { weight: 2, arbitrary: long },
    { weight: 2, arbitrary: fc.constantFrom(...KNOWN_VALUES, known.clientId, known.pwClientId, known.email, known.user.email) },
  );

const PARAMS = ['grant_type', 'client_id', 'client_secret', 'username', 'password', 'scope', 'resource', 'refresh_token', 'code', 'redirect_uri', 'code_verifier', 'token', 'token_type_hint', 'response_type', 'state', 'code_challenge', 'code_challenge_method', 'decision', 'csrf_token', 'client', 'email', 'return_to', 'name', 'redirect', 'redirect_uris', 'confidential', 'scopes', 'limit', 'cursor', 'done', 'tokens', 'clients', 'scope:read', 'nonce', 'prompt', 'max_age', 'login_hint', 'id_token_hint', 'post_logout_redirect_uri', 'access_token', 'request'];
/** The identifiers the issue found unchecked: drawn more often. */
const IDENTIFIERS = ['client_id', 'client', 'username', 'email', 'token', 'refresh_token', 'code', 'redirect_uri', 'csrf_token', 'cursor'];
const param = (known: Known) =>
  fc.tuple(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...IDENTIFIERS) }, { weight: 2, arbitrary: fc.constantFrom(...PARAMS) }, { weight: 1, arbitrary: short }),
    value(known),
  );

/**
 * A well-formed request of each route, which the generated parameters then override or add
 * to: so that a hostile value meets the code behind the first checks, not only the checks.
 */
function template(path: string, known: Known, variant: number): Record<string, string> {
  const grant = ['password', 'client_credentials', 'refresh_token', 'authorization_code'][variant % 4]!;
  switch (path) {
    case '/oauth/token':
      return { grant_type: grant, client_id: variant % 2 ? known.pwClientId : known.clientId, username: known.email, password: 'guess', refresh_token: '0'.repeat(32) + '.' + 'x'.repeat(43), code: 'c', redirect_uri: CALLBACK };
    case '/oauth/introspect':
    case '/oauth/revoke':
      return { token: 'x', client_id: known.clientId };
    case '/oauth/authorize':
      return { response_type: 'code', client_id: known.clientId, redirect_uri: CALLBACK, state: 's', decision: 'approve', csrf_token: known.user.csrf };
    case '/oauth/request':
      return { client: known.clientId };
    case '/oauth/login':
      return { email: known.email, password: 'guess', return_to: '/oauth/account' };
    case '/oauth/end-session':
      return { client_id: known.clientId, post_logout_redirect_uri: CALLBACK, state: 's', csrf_token: known.user.csrf };
    case '/oauth/userinfo':
      return { access_token: 'eyJhbGciOiJub25lIn0.e30.' };
    case '/oauth/clients':
    case '/oauth/clients/{id}':
    case '/oauth/account/clients':
      return { name: 'App', redirect: CALLBACK, confidential: '1', csrf_token: known.user.csrf };
    default:
      return { name: 'x', scopes: 'read', csrf_token: known.user.csrf };
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const PATHS = [...new Set(ROUTES.map((r) => r.path)), '/oauth/nope', '/oauth/clients/a/b'];

const hostileRequest = (known: Known) =>
  fc.record({
    path: fc.constantFrom(...PATHS),
    pathId: fc.oneof(short, long, fc.constantFrom('0'.repeat(32), '00000000-0000-4000-8000-000000000000', '%FF', '..')),
    method: fc.oneof({ weight: 3, arbitrary: fc.constant('ROUTE') }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
    query: fc.option(fc.array(param(known), { maxLength: 6 }), { nil: undefined }),
    params: fc.array(param(known), { maxLength: 8 }),
    repeatOne: fc.boolean(),
    templated: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    variant: fc.nat(7),
    body: fc.constantFrom('form', 'form', 'form', 'json', 'json', 'json', 'raw', 'none'),
    rawBytes: fc.uint8Array({ maxLength: 512 }),
    // Mostly the type of the body sent, so that it is parsed and its values reach the endpoint.
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant('match') },
      { weight: 1, arbitrary: fc.constantFrom('form', 'json', 'application/merge-patch+json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=latin1', 'none', 'hostile') },
    ),
    auth: fc.constantFrom('none', 'none', 'valid-basic', 'basic-hostile', 'basic-raw', 'bearer', 'hostile'),
    session: fc.constantFrom('none', 'signed-in', 'signed-in', 'hostile-session', 'extra-cookies'),
    csrf: fc.constantFrom('valid', 'none', 'hostile'),
    extra: fc.constantFrom('none', 'origin', 'sec-fetch-site', 'x-forwarded-proto', 'user-agent', 'accept'),
    hostile: value(known),
    hostile2: short,
  });
type Hostile = ReturnType<typeof hostileRequest> extends fc.Arbitrary<infer T> ? T : never;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** UTF-8 bytes, with a lone surrogate as its generalized (WTF-8) three bytes: what a sloppy client sends. */
function wtf8(text: string): Buffer {
  if (!LONE_SURROGATE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    parts.push(Buffer.from(text.slice(from, i), 'utf8'), Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]));
    from = i + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}
const PCT = Array.from({ length: 256 }, (_, b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`));
const pct = (text: string) => {
  let out = '';
  for (const b of wtf8(text)) out += PCT[b];
  return out;
};
const urlEncoded = (pairs: [string, string][]) => pairs.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
/** A header value as bytes on the wire: WTF-8, without what no HTTP/1.1 header can hold (CR, LF, NUL, other controls). */
const headerValue = (text: string, max = 512) => wtf8(text).toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '').slice(0, max);
const fit = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

interface Built {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | undefined;
}

function build(r: Hostile, known: Known): Built {
  const route = ROUTES.filter((x) => x.path === r.path);
  const method = r.method === 'ROUTE' && route.length > 0 ? route[r.params.length % route.length]!.method : r.method === 'ROUTE' ? 'POST' : r.method;
  const id = pct(r.pathId) || 'x';
  let path = r.path.replace('{id}', fit(id, 3000));
  const base = r.templated ? template(r.path, known, r.variant) : {};
  const merge = (given: readonly (readonly [string, string])[]): [string, string][] => {
    const own = new Map(Object.entries(base));
    const extra: [string, string][] = [];
    for (const [k, v] of given) (own.has(k) ? own.set(k, v) : extra.push([k, v]));
    return [...own, ...extra];
  };
  const query = method === 'GET' ? merge(r.query ?? []) : (r.query ?? []).map(([k, v]) => [k, v] as [string, string]);
  if (query.length > 0) path += `?${urlEncoded(query)}`;
  path = fit(path, MAX_URL);

  const pairs = method === 'GET' ? r.params.map(([k, v]) => [k, v] as [string, string]) : merge(r.params);
  if (r.repeatOne && pairs[0]) pairs.push(pairs[0]);
  let body: Buffer | undefined;
  if (method !== 'GET') {
    if (r.body === 'form') body = Buffer.from(urlEncoded(pairs));
    else if (r.body === 'json') body = Buffer.from(`{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
    else if (r.body === 'raw') body = Buffer.from(r.rawBytes);
  }

  const headers: Record<string, string> = {};
  const types: Record<string, string | undefined> = { form: 'application/x-www-form-urlencoded', json: 'application/json', none: undefined, hostile: headerValue(r.hostile2) };
  const kind = r.contentType === 'match' ? (r.body === 'raw' ? 'form' : r.body) : r.contentType;
  const type = kind in types ? types[kind] : kind;
  if (type) headers['content-type'] = type;
  const longValue = (text: string) => headerValue(text, MAX_HEADER_BYTES);
  if (r.auth === 'valid-basic') headers.authorization = known.validBasic;
  // RFC 6749 §2.3.1's encoding (each part form-urlencoded), of values no client has.
  if (r.auth === 'basic-hostile') headers.authorization = `Basic ${Buffer.from(`${pct(r.hostile)}:${pct(r.hostile2)}`).toString('base64')}`.slice(0, MAX_HEADER_BYTES);
  if (r.auth === 'basic-raw') headers.authorization = `Basic ${wtf8(`${r.hostile}:${r.hostile2}`).toString('base64')}`.slice(0, MAX_HEADER_BYTES);
  if (r.auth === 'bearer') headers.authorization = `Bearer ${longValue(r.hostile)}`;
  if (r.auth === 'hostile') headers.authorization = longValue(r.hostile);

  const cookies: string[] = [];
  const signedIn = r.session === 'signed-in' || r.session === 'extra-cookies';
  if (signedIn) cookies.push(known.user.cookie);
  if (r.session === 'hostile-session') cookies.push(`${known.user.cookie.split('=')[0]}=${headerValue(r.hostile, 4096)}`);
  if (r.session === 'extra-cookies') cookies.push(`x=${headerValue(r.hostile2)}`, `${headerValue(r.hostile2, 64)}=1`);
  if (cookies.length > 0) headers.cookie = cookies.join('; ');
  if (r.csrf === 'valid' && signedIn) headers['x-csrf-token'] = known.user.csrf;
  if (r.csrf === 'hostile') headers['x-csrf-token'] = headerValue(r.hostile2);
  if (r.extra !== 'none') headers[r.extra] = headerValue(r.hostile2);
  // A signed-in form post carries its CSRF token as a field too: the deep paths run.
  if (signedIn && body && r.body === 'form' && r.csrf === 'valid') body = Buffer.concat([body, Buffer.from(`&csrf_token=${known.user.csrf}`)]);
  // Within the head's budget: the longest header gives way.
  const names = Object.keys(headers);
  const size = () => path.length + names.reduce((n, h) => n + h.length + headers[h]!.length + 4, 0);
  if (size() > MAX_REQUEST_HEAD) {
    const longest = names.reduce((a, b) => (headers[a]!.length >= headers[b]!.length ? a : b));
    headers[longest] = headers[longest]!.slice(0, Math.max(0, headers[longest]!.length - (size() - MAX_REQUEST_HEAD)));
  }
  return { method, path, headers, body };
}

// ---- sending ----------------------------------------------------------------------------
interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

function send(base: URL, agent: Agent, r: Built): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, path: r.path, method: r.method, agent, headers: { ...r.headers, ...(r.body ? { 'content-length': r.body.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', fail);
    req.end(r.body);
  });
}

/**
 * What every answer must be: below 500, no stack trace, and an error is RFC JSON or an HTML
 * error page — except that an answer to HEAD has no body at all (RFC 9110 §9.3.2), only the
 * type the GET would have had.
 */
function problem(method: string, answer: Answer): string | undefined {
  if (answer.status >= 500 || answer.status < 100) return `status ${answer.status}`;
  if (/\n\s+at |\.ts:\d+/.test(answer.text)) return 'a stack trace';
  if (answer.status < 400) return undefined;
  if (method === 'HEAD') {
    if (answer.text !== '') return 'a body in an answer to HEAD';
    return /^(text\/html|application\/json)/.test(answer.type) ? undefined : `an error of type "${answer.type}"`;
  }
  if (answer.type.startsWith('application/json')) {
    try {
      const body = JSON.parse(answer.text) as { error?: unknown; error_description?: unknown };
      if (typeof body.error !== 'string' || !/^[a-z_]+$/.test(body.error) || typeof body.error_description !== 'string') return 'a JSON error without error/error_description';
    } catch {
      return 'an error that is not JSON';
    }
    return undefined;
  }
  // An error page (its code shown), or a page showing the mistake at its form or as a notice.
  const explained = /<code>[a-z_]+<\/code>|role="alert"|role="status"/.test(answer.text);
  return answer.type.startsWith('text/html') && explained ? undefined : `an error of type "${answer.type}"`;
}

describe('generated hostile requests', () => {
  let server: TestServer;
  let known: Known;

  beforeAll(async () => {
    server = await startTestServer();
    await aUser(server.deps);
    const client = await aClient(server.deps, { kind: 'confidential', redirectUris: [CALLBACK] });
    const pw = await aClient(server.deps, { kind: 'password' });
    const user = await aSignedInUser(server.url, server.deps);
    known = { clientId: client.client_id, pwClientId: pw.client_id, validBasic: basic(client.client_id, client.client_secret!), email: `${user.email}`, user };
  });

  it(`${REQUESTS} requests on every route, signed in and not, with long, multi-byte and broken values: no 5xx, every error RFC JSON or an error page`, async () => {
    const requests = fc.sample(hostileRequest(known), { seed: SEED, numRuns: REQUESTS }).map((r) => build(r, known));
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    let longValues = 0;
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        if (r.path.length > 1000 || (r.body?.length ?? 0) > 2048 || Object.values(r.headers).some((h) => h.length > 1000)) longValues++;
        const answer = await send(new URL(server.url), agent, r);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const wrong = problem(r.method, answer);
        if (wrong && failures.length < 10) {
          failures.push(`${wrong}: ${r.method} ${r.path.slice(0, 200)} ${JSON.stringify(r.headers).slice(0, 300)} body=${r.body?.toString('latin1').slice(0, 200)} → ${answer.text.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    agent.destroy();
    console.log(`generated-input: ${requests.length} requests (${longValues} with a value over 1 KB); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(10_000);
    expect(longValues).toBeGreaterThan(1000);
    // The deep paths ran too: successes and redirects, not only refusals.
    expect([...statuses.keys()].some((s) => s >= 200 && s < 400)).toBe(true);
  }, 240_000);
});
