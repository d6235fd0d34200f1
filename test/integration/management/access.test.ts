import { beforeAll, describe, expect, it } from 'vitest';
import { revokeClient } from '../../../functions/admin/clients.js';
import { signAccessToken } from '../../../functions/oauth/tokens/access-tokens.js';
import { aClient, aScope } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { api, aSignedInUser, anAuthorizedApp, type SignedInUser } from '../../support/management.js';
import { post } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** Every route of the management API, with a body a write would accept. */
const ROUTES: [method: 'get' | 'post' | 'put' | 'delete', path: string, body?: unknown][] = [
  ['get', '/oauth/clients'],
  ['post', '/oauth/clients', { name: 'App', redirect: 'https://app.example/callback' }],
  ['put', '/oauth/clients/00000000-0000-4000-8000-000000000000', { name: 'App', redirect: 'https://app.example/callback' }],
  ['delete', '/oauth/clients/00000000-0000-4000-8000-000000000000'],
  ['get', '/oauth/personal-access-tokens'],
  ['post', '/oauth/personal-access-tokens', { name: 'CLI' }],
  ['delete', '/oauth/personal-access-tokens/0123456789abcdef0123456789abcdef'],
  ['get', '/oauth/scopes'],
  ['get', '/oauth/tokens'],
  ['delete', '/oauth/tokens/0123456789abcdef0123456789abcdef'],
];
const WRITES = ROUTES.filter(([method]) => method !== 'get');

describe('who may call the management API', () => {
  let server: TestServer;
  let alice: SignedInUser;

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'read', 'Read your data');
    alice = await aSignedInUser(server.url, server.deps);
  });

  const call = (credentials: Parameters<typeof api>[1], [method, path, body]: (typeof ROUTES)[number]) =>
    method === 'get' || method === 'delete' ? api(server.url, credentials)[method](path) : api(server.url, credentials)[method](path, body);

  it.each(ROUTES)('answers %s %s without credentials with 401 and the bare Bearer challenge (RFC 6750 §3)', async (...route) => {
    const res = await call({}, route);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ error: 'invalid_token', message: expect.any(String), error_description: expect.any(String) });
  });

  it.each(WRITES)('refuses %s %s with a session cookie but no CSRF header, before reading anything', async (...route) => {
    const res = await call({ cookie: alice.cookie }, route);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/CSRF/);
  });

  it('refuses a write whose CSRF token belongs to another session', async () => {
    const bob = await aSignedInUser(server.url, server.deps);
    const res = await api(server.url, { cookie: alice.cookie, csrf: bob.csrf }).post('/oauth/personal-access-tokens', { name: 'x' });
    expect(res.status).toBe(403);
  });

  it('accepts the CSRF token in X-XSRF-TOKEN too, as axios sends it', async () => {
    const res = await api(server.url, { cookie: alice.cookie, headers: { 'x-xsrf-token': alice.csrf } }).post('/oauth/clients', {
      name: 'Via XSRF',
      redirect: 'https://app.example/callback',
    });
    expect(res.status).toBe(201);
  });

  it('hands a session caller its CSRF token on every answer, for its next write', async () => {
    const res = await alice.api.get('/oauth/clients');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-csrf-token')).toBe(alice.csrf);
  });

  it('answers 401 for a session that has ended', async () => {
    const bob = await aSignedInUser(server.url, server.deps);
    await post(`${server.url}/oauth/logout`, { csrf_token: bob.csrf }, bob.cookie);
    const res = await bob.api.get('/oauth/clients');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('accepts a live Bearer token of a first-party client with connect:account, for its user, without a CSRF header', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice, { firstParty: true, scope: 'connect:account' });
    const bearer = api(server.url, { bearer: app.accessToken });
    const created = await bearer.post('/oauth/clients', { name: 'Made with a token', redirect: 'https://app.example/cb' });
    expect(created.status).toBe(201);
    expect(created.body.user_id).toBe(alice.id);
    expect(created.headers.get('x-csrf-token')).toBeNull();
    const listed = await alice.api.get('/oauth/clients');
    expect(listed.body.map((c: { id: string }) => c.id)).toContain(created.body.id);
  });

  it('refuses a Bearer token of a third-party client with 403 insufficient_scope', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice);
    const res = await api(server.url, { bearer: app.accessToken }).get('/oauth/tokens');
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope"/);
  });

  it('refuses a client credentials token, which acts for no user, with 403', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials', firstParty: true });
    const issued = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, { authorization: basic(service.client_id, service.client_secret!) });
    const res = await api(server.url, { bearer: issued.body.access_token }).get('/oauth/scopes');
    expect(res.status).toBe(403);
  });

  it('answers 401 invalid_token for a malformed, revoked or foreign-issuer token, and for one of a revoked client', async () => {
    const garbage = await api(server.url, { bearer: 'not.a.jwt' }).get('/oauth/scopes');
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);

    const revokedByApp = await anAuthorizedApp(server.url, server.deps, alice, { firstParty: true, scope: 'connect:account' });
    const { client } = revokedByApp;
    await postForm(`${server.url}/oauth/revoke`, { token: revokedByApp.accessToken }, { authorization: basic(client.client_id, client.client_secret!) });
    expect((await api(server.url, { bearer: revokedByApp.accessToken }).get('/oauth/scopes')).status).toBe(401);

    const ofRevokedClient = await anAuthorizedApp(server.url, server.deps, alice, { firstParty: true, scope: 'connect:account' });
    await revokeClient(server.deps, ofRevokedClient.client.client_id);
    expect((await api(server.url, { bearer: ofRevokedClient.accessToken }).get('/oauth/scopes')).status).toBe(401);

    const basicAuth = await api(server.url, { headers: { authorization: 'Basic YTpi' } }).get('/oauth/scopes');
    expect(basicAuth.status).toBe(401);

    const foreign = await signAccessToken(server.deps.keys, {
      issuer: 'https://other.example',
      audience: 'https://other.example',
      subject: alice.id,
      clientId: revokedByApp.client.client_id,
      scopes: [],
      ttlSeconds: 60,
      grantId: revokedByApp.grantId,
    });
    expect((await api(server.url, { bearer: foreign.token }).get('/oauth/scopes')).status).toBe(401);
  });

  it('stops a Bearer token at once when its grant is revoked through the API', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice, { firstParty: true, scope: 'connect:account' });
    const bearer = api(server.url, { bearer: app.accessToken });
    expect((await bearer.get('/oauth/tokens')).status).toBe(200);
    expect((await alice.api.delete(`/oauth/tokens/${app.grantId}`)).status).toBe(204);
    expect((await bearer.get('/oauth/tokens')).status).toBe(401);
  });

  it('lists the scope catalogue as Passport does: id and description', async () => {
    const res = await alice.api.get('/oauth/scopes');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: 'read', name: 'read', description: 'Read your data' }]);
  });
});
