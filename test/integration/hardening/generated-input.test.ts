import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic } from '../../support/http.js';
import { aSignedInUser } from '../../support/management.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Hostile input, generated: random, repeated and huge parameters, odd encodings, invalid UTF-8,
 * wrong methods and content types. Whatever arrives, the answer is a well-formed RFC error (or a
 * success), never a 5xx and never a stack trace. Seeded, so a failure replays.
 */
const SEED = 20261128;
const RUNS = 600;

const PARAMS = ['grant_type', 'client_id', 'client_secret', 'username', 'password', 'scope', 'refresh_token', 'token', 'token_type_hint', 'code', 'redirect_uri', 'code_verifier'];
const VALUES = ['client_credentials', 'password', 'refresh_token', 'authorization_code', 'access_token', '', ' ', '%', '%ZZ', '\u0000', '😀', 'a'.repeat(5000), 'eyJhbGciOiJub25lIn0.e30.', '00000000000000000000000000000000.' + 'x'.repeat(43)];

const param = fc.record({
  name: fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 12 })),
  value: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 32 })),
});

const request = fc.record({
  path: fc.constantFrom(
    '/oauth/token', '/oauth/revoke', '/oauth/introspect', '/oauth/jwks', '/.well-known/oauth-authorization-server',
    '/.well-known/openid-configuration', '/oauth/authorize', '/oauth/request', '/oauth/login', '/oauth/logout',
    '/oauth/clients', '/oauth/clients/x', '/oauth/personal-access-tokens', '/oauth/personal-access-tokens/%FF',
    '/oauth/scopes', '/oauth/tokens', '/oauth/tokens/1', '/oauth/account',
  ),
  query: fc.option(fc.array(param, { maxLength: 6 }), { nil: undefined }),
  cookie: fc.constantFrom(undefined, 'connect_session=garbage', '__Host-connect_session=' + 'A'.repeat(43), 'connect_session=%00%FF', 'SIGNED_IN'),
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
  contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=latin1', ''),
  params: fc.array(param, { maxLength: 8 }),
  repeatOne: fc.boolean(),
  rawBytes: fc.option(fc.uint8Array({ maxLength: 256 }), { nil: undefined }),
  asJson: fc.boolean(),
  auth: fc.constantFrom('none', 'valid', 'garbage', 'bearer'),
});

describe('generated hostile requests', () => {
  let server: TestServer;
  let validAuth: string;
  let session: { cookie: string; csrf: string };
  let tried = 0;

  beforeAll(async () => {
    server = await startTestServer();
    await aUser(server.deps);
    const client = await aClient(server.deps, { kind: 'password' });
    validAuth = basic(client.client_id, client.client_secret!);
    // Some requests come from a signed-in user with a valid CSRF token: the deep paths run too.
    const user = await aSignedInUser(server.url, server.deps);
    session = { cookie: user.cookie, csrf: user.csrf };
  });

  it('never get a 5xx or a stack trace, and every error is RFC-shaped JSON or an error page', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        tried++;
        const pairs = r.params.map((p) => [p.name, p.value] as [string, string]);
        if (r.repeatOne && pairs[0]) pairs.push(pairs[0]);
        let body: BodyInit | undefined;
        if (r.method !== 'GET') {
          if (r.rawBytes) body = Buffer.from(r.rawBytes);
          else if (r.asJson) body = JSON.stringify(Object.fromEntries(pairs));
          else body = new URLSearchParams(pairs).toString();
        }
        const headers: Record<string, string> = {};
        if (r.cookie === 'SIGNED_IN') {
          headers.cookie = session.cookie;
          headers['x-csrf-token'] = session.csrf;
        } else if (r.cookie) headers.cookie = r.cookie;
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.auth === 'valid') headers.authorization = validAuth;
        if (r.auth === 'garbage') headers.authorization = 'Basic ' + Buffer.from('\u00ff:\u0000').toString('base64');
        if (r.auth === 'bearer') headers.authorization = 'Bearer x';
        const search = r.query ? `?${new URLSearchParams(r.query.map((p) => [p.name, p.value] as [string, string]))}` : '';
        const res = await fetch(`${server.url}${r.path}${search}`, { method: r.method, headers, body, redirect: 'manual' });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        expect(text).not.toMatch(/\n\s+at |\.ts:\d+/);
        // JSON endpoints answer RFC 6749 §5.2 errors; the HTML pages an error page (or a redirect).
        if (res.headers.get('content-type')?.startsWith('application/json') && res.status >= 400) {
          expect(JSON.parse(text)).toMatchObject({ error: expect.stringMatching(/^[a-z_]+$/), error_description: expect.any(String) });
        } else if (res.status >= 400) {
          expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`generated-input: ${tried} requests tried, none answered 5xx`);
    expect(tried).toBeGreaterThanOrEqual(RUNS);
  });
});
