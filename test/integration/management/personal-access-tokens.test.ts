import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { verifyWithJwks } from '../../support/jwt.js';
import { aSignedInUser, anAuthorizedApp, anIntrospector, type SignedInUser } from '../../support/management.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the personal access token routes: GET/POST /oauth/personal-access-tokens, DELETE …/{id}', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let introspect: (token: string) => Promise<boolean>;
  let personalClientId: string;

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'read', 'Read your data');
    await aScope(server.deps, 'admin', 'Administer everything');
    personalClientId = (await aClient(server.deps, { kind: 'personal' })).client_id;
    alice = await aSignedInUser(server.url, server.deps, { scopes: 'read' });
    bob = await aSignedInUser(server.url, server.deps);
    introspect = await anIntrospector(server.url, server.deps);
  });

  it('creates a token and answers as Passport does: {accessToken, token} — the token this once', async () => {
    const res = await alice.api.post('/oauth/personal-access-tokens', { name: 'Deploy script', scopes: ['read'] });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token: {
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        user_id: alice.id,
        client_id: personalClientId,
        name: 'Deploy script',
        scopes: ['read'],
        revoked: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        expires_at: expect.any(String),
      },
    });
    const { payload } = await verifyWithJwks(server.url, res.body.accessToken);
    expect(payload).toMatchObject({ sub: alice.id, scope: 'read', gid: res.body.token.id });
    expect(Date.parse(res.body.token.expires_at) / 1000).toBe(payload.exp);
    expect(await introspect(res.body.accessToken)).toBe(true);

    const listed = await alice.api.get('/oauth/personal-access-tokens');
    expect(listed.body[0]).toEqual(res.body.token);
    expect(listed.text).not.toContain(res.body.accessToken);
  });

  it('takes scopes as a space-separated string too, and none at all', async () => {
    expect((await alice.api.post('/oauth/personal-access-tokens', { name: 'a', scopes: 'read' })).body.token.scopes).toEqual(['read']);
    expect((await alice.api.post('/oauth/personal-access-tokens', { name: 'b', errors: [] })).body.token.scopes).toEqual([]);
  });

  it('lists only the caller’s own tokens, and none of their authorized apps', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, bob);
    const first = (await bob.api.post('/oauth/personal-access-tokens', { name: 'first' })).body.token;
    const second = (await bob.api.post('/oauth/personal-access-tokens', { name: 'second' })).body.token;
    const listed = (await bob.api.get('/oauth/personal-access-tokens')).body.map((t: { id: string }) => t.id);
    expect(listed.sort()).toEqual([first.id, second.id].sort());
    expect(listed).not.toContain(app.grantId);
    expect((await alice.api.get('/oauth/personal-access-tokens')).body.map((t: { id: string }) => t.id)).not.toContain(first.id);
  });

  it('revokes a token: it fails introspection at once and leaves the list; a second delete is 404', async () => {
    const created = (await alice.api.post('/oauth/personal-access-tokens', { name: 'short-lived' })).body;
    const res = await alice.api.delete(`/oauth/personal-access-tokens/${created.token.id}`);
    expect(res.status).toBe(204);
    expect(await introspect(created.accessToken)).toBe(false);
    expect((await alice.api.get('/oauth/personal-access-tokens')).body.map((t: { id: string }) => t.id)).not.toContain(created.token.id);
    expect((await alice.api.delete(`/oauth/personal-access-tokens/${created.token.id}`)).status).toBe(404);
  });

  it('answers 404 for someone else’s token, which keeps working', async () => {
    const alices = (await alice.api.post('/oauth/personal-access-tokens', { name: 'mine' })).body;
    expect((await bob.api.delete(`/oauth/personal-access-tokens/${alices.token.id}`)).status).toBe(404);
    expect(await introspect(alices.accessToken)).toBe(true);
    expect((await bob.api.delete('/oauth/personal-access-tokens/nope')).status).toBe(404);
  });

  it('answers 404 for the id of an authorization that is not a personal token', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice);
    expect((await alice.api.delete(`/oauth/personal-access-tokens/${app.grantId}`)).status).toBe(404);
    expect(await introspect(app.accessToken)).toBe(true);
  });

  describe('bad input gets 422 with the field at fault', () => {
    const invalid = async (body: unknown, field: string) => {
      const res = await alice.api.post('/oauth/personal-access-tokens', body);
      expect(res.status).toBe(422);
      expect(res.body.errors[field]).toEqual([expect.any(String)]);
      return res.body.errors[field][0] as string;
    };

    it('an unknown scope, or one the user may not grant', async () => {
      expect(await invalid({ name: 'x', scopes: ['nope'] }, 'scopes')).toMatch(/does not exist/);
      expect(await invalid({ name: 'x', scopes: ['admin'] }, 'scopes')).toMatch(/does not have the scope/);
      await invalid({ name: 'x', scopes: [1] }, 'scopes');
      await invalid({ name: 'x', scopes: 'a"b' }, 'scopes');
    });

    it('a missing or over-long name, an unknown field, malformed JSON', async () => {
      await invalid({ scopes: ['read'] }, 'name');
      await invalid({ name: 'x'.repeat(256) }, 'name');
      await invalid({ name: 'x', expires_at: '2099-01-01' }, 'expires_at');
      await invalid('{', 'body');
    });
  });
});
