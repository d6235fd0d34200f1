import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { basic, getJson, postForm } from '../../support/http.js';
import { api, aSignedInUser, anAuthorizedApp, type SignedInUser } from '../../support/management.js';
import { authorizeUrl, CALLBACK, get, query, tableContents } from '../../support/oauth-flow.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue #10, finding 1: the management API by Bearer token needs the built-in scope
 * `connect:account` (SPEC §6), which only first-party clients may request, and a personal
 * access token made through a Bearer token never carries a scope that token lacked.
 */
describe('the connect:account scope of the management API', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let firstPartyApp: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['read', 'write', 'admin']) await aScope(server.deps, name, `The ${name} scope`);
    await aClient(server.deps, { kind: 'personal', firstParty: true });
    alice = await aSignedInUser(server.url, server.deps);
    firstPartyApp = await aClient(server.deps, { kind: 'password', firstParty: true });
  });

  const passwordToken = async (client: { client_id: string; client_secret?: string }, scope?: string) =>
    postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'password', username: alice.email, password: alice.password, ...(scope !== undefined ? { scope } : {}) },
      { authorization: basic(client.client_id, client.client_secret!) },
    );

  it("refuses the issue's attack: a first-party token with scope read cannot mint an all-scope personal access token", async () => {
    const issued = await passwordToken(firstPartyApp, 'read');
    expect(issued.status).toBe(200);
    const before = await tableContents(server.deps);
    const bearer = api(server.url, { bearer: issued.body.access_token });
    const res = await bearer.post('/oauth/personal-access-tokens', { name: 'x', scopes: ['read', 'write', 'admin'] });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope".*scope="connect:account"/);
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('refuses a first-party token without connect:account on every route: it cannot create, rename or delete clients either', async () => {
    const mine = (await alice.api.post('/oauth/clients', { name: 'Mine', redirect: 'https://app.example/cb' })).body;
    const bearer = api(server.url, { bearer: (await passwordToken(firstPartyApp)).body.access_token });
    const answers = await Promise.all([
      bearer.get('/oauth/clients'),
      bearer.post('/oauth/clients', { name: 'Made with a token', redirect: 'https://app.example/cb' }),
      bearer.put(`/oauth/clients/${mine.id}`, { name: 'Renamed', redirect: 'https://app.example/cb' }),
      bearer.delete(`/oauth/clients/${mine.id}`),
      bearer.get('/oauth/personal-access-tokens'),
      bearer.get('/oauth/tokens'),
      bearer.get('/oauth/scopes'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    const listed = (await alice.api.get('/oauth/clients')).body as { id: string; name: string }[];
    expect(listed.find((c) => c.id === mine.id)?.name).toBe('Mine');
  });

  it('lets a first-party token with connect:account manage the account, with no catalogue entry for the scope', async () => {
    const issued = await passwordToken(firstPartyApp, 'connect:account read');
    expect(issued.status).toBe(200);
    expect(issued.body.scope).toBe('connect:account read');
    const bearer = api(server.url, { bearer: issued.body.access_token });
    expect((await bearer.get('/oauth/clients')).status).toBe(200);
    const made = await bearer.post('/oauth/personal-access-tokens', { name: 'narrow', scopes: ['read'] });
    expect(made.status).toBe(201);
    expect(made.body.token.scopes).toEqual(['read']);
  });

  it('never gives a personal access token made through a Bearer token a scope that token lacked', async () => {
    const bearer = api(server.url, { bearer: (await passwordToken(firstPartyApp, 'connect:account read')).body.access_token });
    const before = await tableContents(server.deps);
    for (const scopes of [['read', 'write'], ['admin'], ['read', 'write', 'admin']]) {
      const res = await bearer.post('/oauth/personal-access-tokens', { name: 'wider', scopes });
      expect(res.status).toBe(422);
      expect(res.body.message).toMatch(/does not carry the scope "(write|admin)"/);
    }
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('refuses connect:account to a third-party client as invalid_scope at every grant', async () => {
    const password = await aClient(server.deps, { kind: 'password' });
    expect((await passwordToken(password, 'connect:account')).body.error).toBe('invalid_scope');

    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const cc = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope: 'connect:account' }, {
      authorization: basic(service.client_id, service.client_secret!),
    });
    expect(cc.body.error).toBe('invalid_scope');

    const web = await aClient(server.deps, { kind: 'confidential', redirectUris: [CALLBACK] });
    const authorize = await get(
      authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope: 'connect:account', state: 's' }),
      alice.cookie,
    );
    expect(authorize.status).toBe(302);
    expect(query(authorize.location)).toMatchObject({ error: 'invalid_scope', state: 's' });

    // A refresh can never widen, so a third-party grant cannot reach it that way either.
    const app = await anAuthorizedApp(server.url, server.deps, alice, { scope: 'read' });
    const refreshed = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: app.refreshToken, scope: 'read connect:account' }, {
      authorization: basic(app.client.client_id, app.client.client_secret!),
    });
    expect(refreshed.body.error).toBe('invalid_scope');
  });

  it('gives a first-party authorization-code client connect:account, even for a user whose permissions are limited', async () => {
    const limited = await aSignedInUser(server.url, server.deps, { scopes: 'read' });
    const app = await anAuthorizedApp(server.url, server.deps, limited, { firstParty: true, scope: 'connect:account' });
    expect((await api(server.url, { bearer: app.accessToken }).get('/oauth/tokens')).status).toBe(200);
  });

  it('is no catalogue scope: not listed, not in the metadata, and scope:create refuses the name', async () => {
    expect((await alice.api.get('/oauth/scopes')).body.map((s: { id: string }) => s.id)).not.toContain('connect:account');
    const metadata = await getJson(`${server.url}/.well-known/oauth-authorization-server`);
    expect(metadata.body.scopes_supported).not.toContain('connect:account');
    const env = cliEnv();
    const created = await runConnect(['scope:create', 'connect:account', '--description', 'x'], env);
    expect(created.code).toBe(1);
    expect(created.stderr).toMatch(/built-in scope/);
  });
});
