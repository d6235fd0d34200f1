import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { basic, postForm } from '../../support/http.js';
import { aSignedInUser, anAuthorizedApp } from '../../support/management.js';
import { startTestServer, type TestServer } from '../../support/server.js';

type Caller = { client_id: string; client_secret?: string };

/**
 * Issue #10, finding 6: introspection is no oracle for every user. A client may introspect
 * tokens issued to itself; only a resource server (`client:create --introspect`) or a
 * first-party client may introspect tokens issued to other clients. Anyone else gets
 * `{"active": false}` for those (RFC 7662 §4, SPEC §6).
 */
describe('who may introspect which tokens', () => {
  let server: TestServer;
  let read: string;
  let alice: Awaited<ReturnType<typeof aSignedInUser>>;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    alice = await aSignedInUser(server.url, server.deps);
  });

  /** Another user's authorization of a third-party app: the tokens someone might probe. */
  const aVictim = () => anAuthorizedApp(server.url, server.deps, alice, { scope: read });

  const introspect = async (caller: Caller, token: string, hint?: string) => {
    const res = await postForm(`${server.url}/oauth/introspect`, { token, ...(hint ? { token_type_hint: hint } : {}) }, {
      authorization: basic(caller.client_id, caller.client_secret!),
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  it("gives a client any user registers through POST /oauth/clients nothing about another user's tokens", async () => {
    const mallory = await aSignedInUser(server.url, server.deps);
    const registered = await mallory.api.post('/oauth/clients', { name: 'Probe', redirect: 'https://probe.example/cb' });
    expect(registered.status).toBe(201);
    const probe = { client_id: registered.body.id as string, client_secret: registered.body.secret as string };
    const victim = await aVictim();
    expect(await introspect(probe, victim.accessToken)).toEqual({ active: false });
    for (const hint of [undefined, 'refresh_token', 'access_token']) {
      expect(await introspect(probe, victim.refreshToken, hint)).toEqual({ active: false });
    }
    // The victim's tokens were only hidden, not harmed: they still work for their own client.
    expect(await introspect(victim.client, victim.accessToken)).toMatchObject({ active: true });
    expect((await victim.refresh()).status).toBe(200);
  });

  it('lets a confidential client without the flag introspect its own tokens, access and refresh', async () => {
    const app = await aClient(server.deps, { kind: 'password' });
    const user = await aUser(server.deps);
    const tokens = (
      await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope: read }, {
        authorization: basic(app.client_id, app.client_secret!),
      })
    ).body;
    expect(await introspect(app, tokens.access_token)).toMatchObject({ active: true, client_id: app.client_id, sub: user.id });
    expect(await introspect(app, tokens.refresh_token, 'refresh_token')).toMatchObject({ active: true, token_type: 'refresh_token' });
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const own = (await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, { authorization: basic(service.client_id, service.client_secret!) })).body;
    expect(await introspect(service, own.access_token)).toMatchObject({ active: true, client_id: service.client_id });
    expect(await introspect(service, tokens.access_token)).toEqual({ active: false });
  });

  it('lets a resource server (--introspect) and a first-party client introspect tokens of any client, with either hint', async () => {
    const resourceServer = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
    const firstParty = await aClient(server.deps, { kind: 'client_credentials', firstParty: true });
    const victim = await aVictim();
    for (const caller of [resourceServer, firstParty]) {
      expect(await introspect(caller, victim.accessToken)).toMatchObject({ active: true, client_id: victim.client.client_id, scope: read });
      for (const hint of ['refresh_token', 'access_token']) {
        expect(await introspect(caller, victim.refreshToken, hint)).toMatchObject({ active: true, token_type: 'refresh_token' });
      }
    }
  });

  it('takes --introspect on client:create, shows it in client:list, and refuses it for a public client', async () => {
    const env = cliEnv();
    const created = await runConnect(['client:create', '--name', 'Orders API', '--client-credentials', '--introspect', '--json'], env);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ name: 'Orders API', introspect: true });
    const listed = await runConnect(['client:list', '--json'], env);
    const clients = listed.json.clients as { client_id: string; introspect: boolean }[];
    expect(clients.find((c) => c.client_id === created.json.client_id)?.introspect).toBe(true);
    const plain = await runConnect(['client:create', '--name', 'Plain', '--client-credentials', '--json'], env);
    expect(plain.json.introspect).toBe(false);
    const human = await runConnect(['client:list'], env);
    expect(human.stdout).toMatch(/name="Orders API".*introspect=true/);
    const refused = await runConnect(['client:create', '--name', 'SPA', '--public', '--redirect-uri', 'http://localhost:9999/cb', '--introspect'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/public client .* cannot introspect/);
  });
});
