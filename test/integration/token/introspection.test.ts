import { beforeAll, describe, expect, it } from 'vitest';
import { revokeClient } from '../../../functions/admin/clients.js';
import { basic, postForm } from '../../support/http.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('token introspection (RFC 7662)', () => {
  let server: TestServer;
  let resourceServer: { client_id: string; client_secret?: string };
  let app: { client_id: string; client_secret?: string };
  let user: { id: string; email: string; password: string };
  let read: string;

  beforeAll(async () => {
    server = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '2' });
    read = (await aScope(server.deps)).name;
    resourceServer = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
    app = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
  });

  const as = (c: typeof app) => ({ authorization: basic(c.client_id, c.client_secret!) });
  const login = async (c = app) =>
    (await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope: read }, as(c))).body;
  const introspect = (params: Record<string, string>, headers = as(resourceServer)) =>
    postForm(`${server.url}/oauth/introspect`, params, headers);

  it("describes another client's active access token to a resource server (--introspect)", async () => {
    const tokens = await login();
    const res = await introspect({ token: tokens.access_token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      active: true,
      token_type: 'Bearer',
      scope: read,
      client_id: app.client_id,
      sub: user.id,
      iss: server.url,
      aud: server.url,
    });
    expect(res.body.exp).toBeGreaterThan(res.body.iat);
  });

  it('describes a refresh token, honouring token_type_hint', async () => {
    const tokens = await login();
    const res = await introspect({ token: tokens.refresh_token, token_type_hint: 'refresh_token' });
    expect(res.body).toMatchObject({ active: true, token_type: 'refresh_token', client_id: app.client_id, sub: user.id, scope: read });
    const hinted = await introspect({ token: tokens.refresh_token, token_type_hint: 'access_token' });
    expect(hinted.body.active).toBe(true);
  });

  it('answers only active:false for unknown, malformed and expired tokens', async () => {
    expect((await introspect({ token: 'nonsense' })).body).toEqual({ active: false });
    expect((await introspect({ token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })).body).toEqual({ active: false });
    const tokens = await login();
    await new Promise((r) => setTimeout(r, 3100));
    expect((await introspect({ token: tokens.access_token })).body).toEqual({ active: false });
  });

  it("answers active:false for every token of a revoked client, at once", async () => {
    const doomed = await aClient(server.deps, { kind: 'password' });
    const tokens = await login(doomed);
    expect((await introspect({ token: tokens.access_token })).body.active).toBe(true);
    await revokeClient(server.deps, doomed.client_id);
    expect((await introspect({ token: tokens.access_token })).body.active).toBe(false);
    expect((await introspect({ token: tokens.refresh_token })).body.active).toBe(false);
  });

  it('refuses callers that are unauthenticated or public', async () => {
    const tokens = await login();
    const anonymous = await postForm(`${server.url}/oauth/introspect`, { token: tokens.access_token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    const publicClient = await aClient(server.deps, { kind: 'public' });
    const res = await postForm(`${server.url}/oauth/introspect`, { token: tokens.access_token, client_id: publicClient.client_id });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });
});
