import { beforeAll, describe, expect, it } from 'vitest';
import { aScope, aUser } from '../../support/fixtures.js';
import { basic, getJson, postForm } from '../../support/http.js';
import { authorizeUrl, CALLBACK, formFields, get, pkcePair, post, query, signIn } from '../../support/oauth-flow.js';
import { registerClient } from '../../support/registration.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('dynamic client registration (RFC 7591), REGISTRATION=open', () => {
  let server: TestServer;
  let scope: string;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer({ REGISTRATION: 'open', REGISTRATION_RATE_LIMIT: '100' });
    scope = (await aScope(server.deps, undefined, 'Read your notes')).name;
    const user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
  });

  const clientCount = async () => (await server.deps.clients.list()).length;

  /** Through the consent page (always shown: the client is third-party) to a code. */
  async function codeFor(clientId: string, challenge?: string) {
    const params = { response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope, state: 's', ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}) };
    const consent = await get(authorizeUrl(server.url, params), cookie);
    expect(consent.status, consent.text.slice(0, 300)).toBe(200);
    const answer = await post(`${server.url}/oauth/authorize`, { ...formFields(consent.text), decision: 'approve' }, cookie);
    return query(answer.location).code!;
  }

  it('is advertised as registration_endpoint in the server metadata', async () => {
    const res = await getJson(`${server.url}/.well-known/oauth-authorization-server`);
    expect(res.body.registration_endpoint).toBe(`${server.url}/oauth/register`);
  });

  it('registers a public client (no secret, PKCE) that then gets tokens through consent', async () => {
    const res = await registerClient(server.url, { client_name: 'Notes CLI', redirect_uris: [CALLBACK], grant_types: ['authorization_code', 'refresh_token'] });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      client_name: 'Notes CLI',
      redirect_uris: [CALLBACK],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      client_id_issued_at: expect.any(Number),
    });
    expect(res.body.client_secret).toBeUndefined();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(res.body.client_id, challenge);
    const token = await postForm(`${server.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: res.body.client_id, code_verifier: verifier });
    expect(token.status, token.text).toBe(200);
    expect(token.body.scope).toBe(scope);
  });

  it('returns a secret once for client_secret_basic, which then authenticates the client', async () => {
    const res = await registerClient(server.url, { client_name: 'Notes web', redirect_uris: [CALLBACK], token_endpoint_auth_method: 'client_secret_basic', scope });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret_expires_at: 0, scope });
    expect(res.body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // At rest only its argon2id hash.
    const stored = await server.deps.clients.get(res.body.client_id);
    expect(stored!.secrets[0]!.hash).toMatch(/^\$argon2id\$/);
    const code = await codeFor(res.body.client_id);
    const wrong = await postForm(`${server.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, { authorization: basic(res.body.client_id, 'not-the-secret') });
    expect(wrong.status).toBe(401);
    const token = await postForm(`${server.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, { authorization: basic(res.body.client_id, res.body.client_secret) });
    expect(token.status, token.text).toBe(200);
  });

  it('accepts the device grant by value, and a device-only client needs no redirect URI', async () => {
    const res = await registerClient(server.url, { client_name: 'TV app', grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.redirect_uris).toEqual([]);
    expect(res.body.grant_types).toEqual(['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token']);
  });

  it('answers invalid_redirect_uri for a redirect URI that is not acceptable, writing no client', async () => {
    const before = await clientCount();
    for (const redirect_uris of [['http://example.com/cb'], ['https://app.example/cb#frag'], ['javascript:alert(1)'], ['not a url'], [], 'https://app.example/cb']) {
      const res = await registerClient(server.url, { redirect_uris });
      expect(res.status, JSON.stringify(redirect_uris)).toBe(400);
      expect(res.body.error).toBe('invalid_redirect_uri');
      expect(res.body.error_description).toEqual(expect.any(String));
    }
    expect(await clientCount()).toBe(before);
  });

  it('answers invalid_client_metadata for other metadata it does not accept, writing no client', async () => {
    const before = await clientCount();
    const cases: unknown[] = [
      { redirect_uris: [CALLBACK], grant_types: ['password'] },
      { redirect_uris: [CALLBACK], grant_types: ['client_credentials'] },
      { redirect_uris: [CALLBACK], token_endpoint_auth_method: 'private_key_jwt' },
      { redirect_uris: [CALLBACK], scope: 'no-such-scope' },
      { redirect_uris: [CALLBACK], scope: 'connect:account' },
      { redirect_uris: [CALLBACK], client_name: 'x'.repeat(101) },
      { redirect_uris: [CALLBACK], client_name: 'bell\u0007' },
      { redirect_uris: [CALLBACK], logo_uri: 'javascript:alert(1)' },
      [CALLBACK],
      '"just a string"',
    ];
    for (const body of cases) {
      const res = await registerClient(server.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('invalid_client_metadata');
    }
    const form = await registerClient(server.url, 'redirect_uris=x', { contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(form.body.error).toBe('invalid_client_metadata');
    expect(await clientCount()).toBe(before);
  });

  it('ignores metadata fields it does not know (RFC 7591 §2)', async () => {
    const res = await registerClient(server.url, { redirect_uris: [CALLBACK], software_id: 'x', contacts: ['a@b.example'] });
    expect(res.status).toBe(201);
    expect(res.body.software_id).toBeUndefined();
  });
});
