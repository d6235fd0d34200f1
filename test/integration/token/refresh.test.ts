import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm } from '../../support/http.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the refresh_token grant', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let user: { email: string; password: string };
  let read: string;
  let write: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    write = (await aScope(server.deps)).name;
    client = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
  });

  const auth = () => ({ authorization: basic(client.client_id, client.client_secret!) });
  const login = async (scope = `${read} ${write}`) =>
    (await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope }, auth())).body;
  const refresh = (token: string, extra: Record<string, string> = {}) =>
    postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: token, ...extra }, auth());
  const introspect = async (token: string) =>
    (await postForm(`${server.url}/oauth/introspect`, { token }, auth())).body;

  it('rotates: a new access and refresh token, the old refresh token retired', async () => {
    const first = await login();
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    expect(res.body.scope).toBe(`${read} ${write}`);
    expect((await introspect(first.refresh_token)).active).toBe(false);
    expect((await introspect(res.body.refresh_token)).active).toBe(true);
  });

  it('revokes the whole family when a rotated refresh token is used again', async () => {
    const first = await login();
    const second = (await refresh(first.refresh_token)).body;
    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    // The family is gone: the newest refresh token and the access tokens of the grant too.
    expect((await refresh(second.refresh_token)).body.error).toBe('invalid_grant');
    expect((await introspect(second.access_token)).active).toBe(false);
    expect((await introspect(first.access_token)).active).toBe(false);
  });

  it('narrows the scope on request but never widens it', async () => {
    const narrow = await login(read);
    expect((await refresh(narrow.refresh_token, { scope: write })).body.error).toBe('invalid_scope');
    const full = await login();
    const narrowed = await refresh(full.refresh_token, { scope: read });
    expect(narrowed.body.scope).toBe(read);
    // The family keeps its original scopes: the next refresh may ask for both again.
    expect((await refresh(narrowed.body.refresh_token, { scope: `${read} ${write}` })).body.scope).toBe(`${read} ${write}`);
  });

  it('lets exactly one of ten parallel refreshes of one token succeed', async () => {
    const first = await login();
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(first.refresh_token)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) expect(r.body.error).toBe('invalid_grant');
  });

  it("refuses another client's refresh token with invalid_grant", async () => {
    const first = await login();
    const other = await aClient(server.deps, { kind: 'password' });
    const res = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      { authorization: basic(other.client_id, other.client_secret!) },
    );
    expect(res.body.error).toBe('invalid_grant');
    // ...and does not burn it for its owner.
    expect((await refresh(first.refresh_token)).status).toBe(200);
  });

  it('refuses a made-up refresh token with invalid_grant', async () => {
    expect((await refresh('not-a-token')).body.error).toBe('invalid_grant');
    expect((await refresh(`${'a'.repeat(32)}.${'b'.repeat(43)}`)).body.error).toBe('invalid_grant');
  });
});
