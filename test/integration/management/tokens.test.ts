import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { aSignedInUser, anAuthorizedApp, anIntrospector, type SignedInUser } from '../../support/management.js';
import { authorizeUrl, CALLBACK, get } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the authorized applications: GET /oauth/tokens, DELETE /oauth/tokens/{id}', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let introspect: (token: string) => Promise<boolean>;

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'read', 'Read your data');
    alice = await aSignedInUser(server.url, server.deps);
    bob = await aSignedInUser(server.url, server.deps);
    introspect = await anIntrospector(server.url, server.deps);
  });

  it('lists each authorization with its client’s name, its scopes and its dates', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice, { name: 'Reading List', scope: 'read' });
    const res = await alice.api.get('/oauth/tokens');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const listed = res.body.find((t: { id: string }) => t.id === app.grantId);
    expect(listed).toEqual({
      id: app.grantId,
      user_id: alice.id,
      client_id: app.client.client_id,
      name: null,
      scopes: ['read'],
      revoked: false,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      expires_at: expect.any(String),
      client: { id: app.client.client_id, name: 'Reading List' },
    });
    expect(Date.parse(listed.expires_at) - Date.parse(listed.created_at)).toBe(30 * 86400 * 1000);
    expect(res.text).not.toContain(app.refreshToken);
  });

  it('leaves out personal access tokens and other users’ authorizations', async () => {
    const bobs = await anAuthorizedApp(server.url, server.deps, bob);
    const listed = (await alice.api.get('/oauth/tokens')).body.map((t: { id: string }) => t.id);
    expect(listed).not.toContain(bobs.grantId);
    expect((await bob.api.get('/oauth/tokens')).body.map((t: { id: string }) => t.id)).toEqual([bobs.grantId]);
  });

  it('revokes an authorization: access token, refresh token and the remembered consent, at once', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice, { scope: 'read' });
    const request = authorizeUrl(server.url, { response_type: 'code', client_id: app.client.client_id, redirect_uri: CALLBACK, scope: 'read', state: 's' });
    expect((await get(request, alice.cookie)).status).toBe(302); // consent remembered: straight back

    const res = await alice.api.delete(`/oauth/tokens/${app.grantId}`);
    expect(res.status).toBe(204);
    expect(await introspect(app.accessToken)).toBe(false);
    expect(await introspect(app.refreshToken)).toBe(false);
    const refreshed = await app.refresh();
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    expect((await get(request, alice.cookie)).status).toBe(200); // the consent screen again
    expect((await alice.api.get('/oauth/tokens')).body.map((t: { id: string }) => t.id)).not.toContain(app.grantId);
    expect((await alice.api.delete(`/oauth/tokens/${app.grantId}`)).status).toBe(404);
  });

  it('answers 404 for someone else’s authorization, which keeps working, and for a personal access token', async () => {
    const bobs = await anAuthorizedApp(server.url, server.deps, bob);
    expect((await alice.api.delete(`/oauth/tokens/${bobs.grantId}`)).status).toBe(404);
    expect(await introspect(bobs.accessToken)).toBe(true);
    expect((await bobs.refresh()).status).toBe(200);

    await aClient(server.deps, { kind: 'personal' });
    const pat = (await alice.api.post('/oauth/personal-access-tokens', { name: 'x' })).body;
    expect((await alice.api.delete(`/oauth/tokens/${pat.token.id}`)).status).toBe(404);
    expect(await introspect(pat.accessToken)).toBe(true);
    expect((await alice.api.delete('/oauth/tokens/not-a-grant-id')).status).toBe(404);
  });
});
