import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { aClient, aScope } from '../../support/fixtures.js';
import { api, aSignedInUser, anAuthorizedApp, type SignedInUser } from '../../support/management.js';
import { get, post } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * The DynamoDB requests of each management route in a warm container, counted by an SDK
 * middleware on the handlers' own document client. The caller is read in the same batch as
 * the route's own items; calls made at the same time are listed in sorted order.
 */
describe('DynamoDB round trips of the management API', () => {
  let server: TestServer;
  let meter: DynamoMeter;
  let alice: SignedInUser;

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'read', 'Read your data');
    await aClient(server.deps, { kind: 'personal' });
    alice = await aSignedInUser(server.url, server.deps);
    meter = new DynamoMeter().attach(server.deps.table.doc);
  });

  /** The operations `request` makes, after a first request has warmed the container up. */
  async function trips(request: () => Promise<{ status: number }>, status: number, warmUp?: () => Promise<unknown>): Promise<string[]> {
    await (warmUp ?? request)();
    // Reload the key set now, so its 10 s cache cannot expire between here and the request.
    server.deps.keys.invalidate();
    await server.deps.keys.published();
    meter.take();
    expect((await request()).status).toBe(status);
    return operations(meter.take());
  }

  const newClient = () => alice.api.post('/oauth/clients', { name: 'x', redirect: 'https://a.example/cb' });
  const newToken = () => alice.api.post('/oauth/personal-access-tokens', { name: 'x' });

  it('GET /oauth/scopes: one BatchGetItem (the session and the catalogue)', async () => {
    expect(await trips(() => alice.api.get('/oauth/scopes'), 200)).toEqual(['BatchGetItem']);
  });

  it('GET /oauth/clients and /oauth/personal-access-tokens: the session, then one Query of the user’s partition', async () => {
    expect(await trips(() => alice.api.get('/oauth/clients'), 200)).toEqual(['BatchGetItem', 'Query']);
    expect(await trips(() => alice.api.get('/oauth/personal-access-tokens'), 200)).toEqual(['BatchGetItem', 'Query']);
  });

  it('GET /oauth/tokens: the session, one Query, and one BatchGetItem of the clients', async () => {
    await anAuthorizedApp(server.url, server.deps, alice);
    expect(await trips(() => alice.api.get('/oauth/tokens'), 200)).toEqual(['BatchGetItem', 'Query', 'BatchGetItem']);
  });

  it('with a first-party Bearer token, a listing runs its Query alongside the token’s checks', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice, { firstParty: true, scope: 'connect:account' });
    const bearer = api(server.url, { bearer: app.accessToken });
    expect((await trips(() => bearer.get('/oauth/clients'), 200)).sort()).toEqual(['BatchGetItem', 'Query']);
    expect(await trips(() => bearer.get('/oauth/scopes'), 200)).toEqual(['BatchGetItem']);
  });

  it('POST /oauth/clients: the session, then one PutItem', async () => {
    expect(await trips(newClient, 201)).toEqual(['BatchGetItem', 'PutItem']);
  });

  it('PUT /oauth/clients/{id}: one BatchGetItem (session and client) and a conditional UpdateItem; DELETE: the session and the UpdateItem', async () => {
    const id = (await newClient()).body.id;
    const update = () => alice.api.put(`/oauth/clients/${id}`, { name: 'y', redirect: 'https://a.example/cb' });
    expect(await trips(update, 200)).toEqual(['BatchGetItem', 'UpdateItem']);
    const other = (await newClient()).body.id;
    expect(await trips(() => alice.api.delete(`/oauth/clients/${id}`), 204, () => alice.api.delete(`/oauth/clients/${other}`))).toEqual([
      'BatchGetItem',
      'UpdateItem',
    ]);
  });

  it('POST /oauth/personal-access-tokens: the session; the user, the personal access client and the catalogue together; the grant', async () => {
    const calls = await trips(newToken, 201);
    expect(calls[0]).toBe('BatchGetItem');
    expect(calls.slice(1, 4).sort()).toEqual(['GetItem', 'GetItem', 'Query']);
    expect(calls.slice(4)).toEqual(['PutItem']);
  });

  it('DELETE /oauth/personal-access-tokens/{id}: one BatchGetItem (session and grant), one conditional UpdateItem', async () => {
    const [first, second] = [(await newToken()).body.token.id, (await newToken()).body.token.id];
    const revoke = (id: string) => () => alice.api.delete(`/oauth/personal-access-tokens/${id}`);
    expect(await trips(revoke(second), 204, revoke(first))).toEqual(['BatchGetItem', 'UpdateItem']);
  });

  it('DELETE /oauth/tokens/{id}: one BatchGetItem, one transaction revoking the grant and forgetting the consent', async () => {
    const [first, second] = [await anAuthorizedApp(server.url, server.deps, alice), await anAuthorizedApp(server.url, server.deps, alice)];
    const revoke = (id: string) => () => alice.api.delete(`/oauth/tokens/${id}`);
    expect(await trips(revoke(second.grantId), 204, revoke(first.grantId))).toEqual(['BatchGetItem', 'TransactWriteItems']);
  });

  it('the account page: one BatchGetItem (session and catalogue), then its three lists together: a Query each, and the apps’ clients in one BatchGetItem', async () => {
    await anAuthorizedApp(server.url, server.deps, alice);
    const page = () => get(`${server.url}/oauth/account`, alice.cookie);
    expect((await trips(page, 200)).sort()).toEqual(['BatchGetItem', 'BatchGetItem', 'Query', 'Query', 'Query']);
  });

  it('revoking a token on the account page: one BatchGetItem (session, catalogue and the grant), one conditional UpdateItem', async () => {
    const { id } = (await newToken()).body.token;
    const revoke = () => post(`${server.url}/oauth/account/personal-access-tokens/${id}/revoke`, { csrf_token: alice.csrf }, alice.cookie);
    expect(await trips(revoke, 303, () => get(`${server.url}/oauth/account`, alice.cookie))).toEqual(['BatchGetItem', 'UpdateItem']);
  });

  it('a forged write (no CSRF header) reads nothing at all', async () => {
    const forged = () => api(server.url, { cookie: alice.cookie }).post('/oauth/clients', { name: 'x', redirect: 'https://a.example/cb' });
    expect(await trips(forged, 403)).toEqual([]);
  });
});
