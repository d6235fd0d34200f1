import { beforeAll, describe, expect, it } from 'vitest';
import { createPersonalToken, revokeToken } from '../../../functions/admin/personal-tokens.js';
import { basic, postForm } from '../../support/http.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { verifyWithJwks } from '../../support/jwt.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('personal access tokens', () => {
  let server: TestServer;
  let resourceServer: { client_id: string; client_secret?: string };
  let read: string;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    admin = (await aScope(server.deps)).name;
    resourceServer = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
  });

  const introspect = async (token: string) =>
    (await postForm(`${server.url}/oauth/introspect`, { token }, { authorization: basic(resourceServer.client_id, resourceServer.client_secret!) })).body;

  it('refuses to issue one before a personal access client exists', async () => {
    const user = await server.deps.users.getByEmail((await aUser(server.deps)).email);
    await expect(createPersonalToken(server.deps, { user: user!, name: 'cli', issuer: server.url })).rejects.toThrow(
      /client:create --personal/,
    );
  });

  it('issues a year-long JWT through the newest personal access client, revocable by id', async () => {
    await aClient(server.deps, { kind: 'personal', name: 'old' });
    const newest = await aClient(server.deps, { kind: 'personal', name: 'newest' });
    const user = (await server.deps.users.getByEmail((await aUser(server.deps, { scopes: read })).email))!;
    const pat = await createPersonalToken(server.deps, { user, name: 'deploy script', scopes: read, issuer: server.url });
    expect(pat).toMatchObject({ name: 'deploy script', scopes: [read] });
    const { payload } = await verifyWithJwks(server.url, pat.access_token);
    expect(payload).toMatchObject({ sub: user.id, client_id: newest.client_id, scope: read, gid: pat.id });
    expect(payload.exp! - payload.iat!).toBe(365 * 86400);
    expect(Date.parse(pat.expires_at) / 1000).toBe(payload.exp);
    expect((await introspect(pat.access_token)).active).toBe(true);

    expect(await revokeToken(server.deps, pat.id)).toEqual({ id: pat.id, revoked: true });
    expect((await introspect(pat.access_token)).active).toBe(false);
  });

  it("refuses scopes beyond the user's permissions", async () => {
    await aClient(server.deps, { kind: 'personal' });
    const user = (await server.deps.users.getByEmail((await aUser(server.deps, { scopes: read })).email))!;
    await expect(createPersonalToken(server.deps, { user, name: 'x', scopes: admin, issuer: server.url })).rejects.toThrow(
      /does not have the scope/,
    );
  });

  it('cannot be used to get tokens at the token endpoint', async () => {
    const personal = await aClient(server.deps, { kind: 'personal' });
    const res = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'client_credentials' },
      { authorization: basic(personal.client_id, personal.client_secret!) },
    );
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('revoked through RFC 7009, revokes its grant: it works no more and leaves the user’s list', async () => {
    const personal = await aClient(server.deps, { kind: 'personal' });
    const user = (await server.deps.users.getByEmail((await aUser(server.deps)).email))!;
    const pat = await createPersonalToken(server.deps, { user, name: 'ci', issuer: server.url });
    const auth = { authorization: basic(personal.client_id, personal.client_secret!) };
    expect((await postForm(`${server.url}/oauth/revoke`, { token: pat.access_token }, auth)).status).toBe(200);
    expect((await postForm(`${server.url}/oauth/introspect`, { token: pat.access_token }, auth)).body.active).toBe(false);
    const { grant } = await server.deps.batch.load({ grant: server.deps.reads.grant(pat.id) });
    expect(grant?.revoked).toBe(true);
  });
});
