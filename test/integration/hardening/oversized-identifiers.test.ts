import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic, postForm, type JsonResponse } from '../../support/http.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { authorizeUrl, CALLBACK, get, post, type Page } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue 10, finding 4 (SPEC §6): every identifier a request names is checked for its shape and
 * size before it is looked up. One no record could have — longer than DynamoDB's 2,048-byte
 * partition key, multi-byte, with control characters — gets exactly the answer of an unknown
 * one, never a 5xx.
 */
const LONG = 'a'.repeat(2100);
const EUROS = '€'.repeat(700); // 700 characters, 2,100 bytes
const MALFORMED_IDS = [LONG, EUROS, `${'x'.repeat(3000)}@example.com`, 'tab\there', 'a'.repeat(9000)];

describe('identifiers no record could have, answered as unknown ones', () => {
  let server: TestServer;
  let confidential: { client_id: string; client_secret?: string };
  let password: { client_id: string; client_secret?: string };
  let alice: SignedInUser;

  beforeAll(async () => {
    server = await startTestServer();
    confidential = await aClient(server.deps, { kind: 'confidential', redirectUris: [CALLBACK] });
    password = await aClient(server.deps, { kind: 'password' });
    await aUser(server.deps);
    alice = await aSignedInUser(server.url, server.deps);
  });

  const token = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${server.url}/oauth/token`, params, headers);
  const asJson = (res: JsonResponse) => ({ status: res.status, body: res.body, www: res.headers.get('www-authenticate') });
  const asPage = (res: Page) => ({ status: res.status, code: /<code>([a-z_]+)<\/code>/.exec(res.text)?.[1], location: res.location });

  /** The malformed value gets what the unknown one gets, whatever it is. */
  async function sameAsUnknown<T, S>(unknown: string, send: (value: string) => Promise<T>, shape: (res: T) => S): Promise<S> {
    const expected = shape(await send(unknown));
    for (const value of MALFORMED_IDS) expect(shape(await send(value)), `${value.slice(0, 20)}… (${value.length})`).toEqual(expected);
    return expected;
  }

  it('a client_id at the token, introspection and revocation endpoints, in the body or HTTP Basic: invalid_client', async () => {
    for (const path of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
      const params: Record<string, string> = path === '/oauth/token' ? { grant_type: 'client_credentials' } : { token: 'x' };
      const inBody = await sameAsUnknown(
        'no-such-client',
        (id) => postForm(`${server.url}${path}`, { ...params, client_id: id, client_secret: 's' }),
        asJson,
      );
      expect(inBody).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      const publicId = await sameAsUnknown('no-such-client', (id) => postForm(`${server.url}${path}`, { ...params, client_id: id }), asJson);
      expect(publicId).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      const inBasic = await sameAsUnknown(
        'no-such-client',
        (id) => postForm(`${server.url}${path}`, params, { authorization: basic(id, 's') }),
        asJson,
      );
      expect(inBasic).toMatchObject({ status: 401, body: { error: 'invalid_client' }, www: expect.stringMatching(/^Basic/) });
    }
  });

  it('a username of the password grant: invalid_grant, like an unknown user', async () => {
    const auth = { authorization: basic(password.client_id, password.client_secret!) };
    const answer = await sameAsUnknown(
      'nobody@example.com',
      (username) => token({ grant_type: 'password', username, password: 'guess' }, auth),
      asJson,
    );
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a refresh token, a code and a token to introspect or revoke: invalid_grant, active:false, 200', async () => {
    const auth = { authorization: basic(confidential.client_id, confidential.client_secret!) };
    const refresh = await sameAsUnknown('0'.repeat(32) + '.' + 'x'.repeat(43), (t) => token({ grant_type: 'refresh_token', refresh_token: t }, auth), asJson);
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const code = await sameAsUnknown('no-such-code', (c) => token({ grant_type: 'authorization_code', code: c, redirect_uri: CALLBACK }, auth), asJson);
    expect(code).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const inactive = await sameAsUnknown('no-such-token', (t) => postForm(`${server.url}/oauth/introspect`, { token: t }, auth), asJson);
    expect(inactive).toMatchObject({ status: 200, body: { active: false } });
    const revoked = await sameAsUnknown('no-such-token', (t) => postForm(`${server.url}/oauth/revoke`, { token: t }, auth), (res) => res.status);
    expect(revoked).toBe(200);
  });

  it('an email on the login page: the same “incorrect” form as an unknown address', async () => {
    const answer = await sameAsUnknown(
      'nobody@example.com',
      (email) => post(`${server.url}/oauth/login`, { email, password: 'guess' }),
      (res) => ({ status: res.status, failed: res.text.includes('The email or password is incorrect.') }),
    );
    expect(answer).toEqual({ status: 401, failed: true });
  });

  it('a client_id at /oauth/authorize (GET and POST) and /oauth/request: the unknown-application page', async () => {
    const params = (id: string) => ({ response_type: 'code', client_id: id, redirect_uri: CALLBACK, state: 's' });
    const pages = [
      await sameAsUnknown('no-such-client', (id) => get(authorizeUrl(server.url, params(id))), asPage),
      await sameAsUnknown('no-such-client', (id) => get(authorizeUrl(server.url, params(id)), alice.cookie), asPage),
      await sameAsUnknown('no-such-client', (id) => post(`${server.url}/oauth/authorize`, { ...params(id), decision: 'approve', csrf_token: alice.csrf }, alice.cookie), asPage),
      await sameAsUnknown('no-such-client', (id) => get(`${server.url}/oauth/request?client=${encodeURIComponent(id)}`), asPage),
    ];
    for (const page of pages) expect(page).toEqual({ status: 400, code: 'invalid_client', location: undefined });
  });

  it('a session cookie, a CSRF token and a path id: signed out, forbidden, not found', async () => {
    const cookieName = alice.cookie.split('=')[0]!;
    const signedOut = await sameAsUnknown('A'.repeat(43), (v) => get(`${server.url}/oauth/account`, `${cookieName}=${encodeURIComponent(v)}`), asPage);
    expect(signedOut.status).toBe(302);
    const forged = await sameAsUnknown(
      'no-such-csrf',
      (csrf) => fetch(`${server.url}/oauth/clients`, {
        method: 'POST',
        headers: { cookie: alice.cookie, 'x-csrf-token': encodeURIComponent(csrf), 'content-type': 'application/json' },
        body: '{"name":"x","redirect":"https://a.example/cb"}',
      }).then((res) => res.status),
      (status) => status,
    );
    expect(forged).toBe(403);
    for (const path of ['/oauth/clients/', '/oauth/personal-access-tokens/', '/oauth/tokens/']) {
      const missing = await sameAsUnknown('0'.repeat(32), (id) => alice.api.delete(`${path}${encodeURIComponent(id)}`), (res) => res.status);
      expect(missing).toBe(404);
    }
  });
});
