import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm } from '../../support/http.js';
import { aClient, aUser } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('token revocation (RFC 7009)', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let other: { client_id: string; client_secret?: string };
  let user: { email: string; password: string };

  beforeAll(async () => {
    server = await startTestServer();
    client = await aClient(server.deps, { kind: 'password' });
    other = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
  });

  const as = (c: typeof client) => ({ authorization: basic(c.client_id, c.client_secret!) });
  const login = async () =>
    (await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password }, as(client))).body;
  const revoke = (params: Record<string, string>, c = client) => postForm(`${server.url}/oauth/revoke`, params, as(c));
  const active = async (token: string) => (await postForm(`${server.url}/oauth/introspect`, { token }, as(client))).body.active;

  it('revokes an access token at once, leaving its refresh token usable', async () => {
    const tokens = await login();
    const res = await revoke({ token: tokens.access_token, token_type_hint: 'access_token' });
    expect(res.status).toBe(200);
    expect(await active(tokens.access_token)).toBe(false);
    expect(await active(tokens.refresh_token)).toBe(true);
  });

  it('revokes a refresh token together with its access tokens', async () => {
    const tokens = await login();
    expect((await revoke({ token: tokens.refresh_token })).status).toBe(200);
    expect(await active(tokens.refresh_token)).toBe(false);
    expect(await active(tokens.access_token)).toBe(false);
    const refresh = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      as(client),
    );
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('answers 200 for an unknown or malformed token', async () => {
    expect((await revoke({ token: 'no-such-token' })).status).toBe(200);
    expect((await revoke({ token: 'a.b.c' })).status).toBe(200);
    expect((await revoke({ token: `${'0'.repeat(32)}.${'x'.repeat(43)}` })).status).toBe(200);
  });

  it("refuses to revoke another client's token and leaves it working", async () => {
    const tokens = await login();
    const res = await revoke({ token: tokens.refresh_token }, other);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
    expect(await active(tokens.refresh_token)).toBe(true);
    expect((await revoke({ token: tokens.access_token }, other)).body.error).toBe('unauthorized_client');
    expect(await active(tokens.access_token)).toBe(true);
  });

  it('requires client authentication and the token parameter', async () => {
    const tokens = await login();
    const anonymous = await postForm(`${server.url}/oauth/revoke`, { token: tokens.access_token });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('invalid_client');
    expect(await active(tokens.access_token)).toBe(true);
    const missing = await revoke({});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
  });
});
