import { beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../../../functions/oauth/crypto.js';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, getJson, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue #5's floors: the DynamoDB requests each endpoint makes once its container is warm
 * (keys loaded, the client's secret verified once). Counted by an SDK middleware on the very
 * document client the handlers use; exact, so no timing is involved.
 */
describe('DynamoDB round trips per request in a warm container', () => {
  let server: TestServer;
  let meter: DynamoMeter;
  let read: string;
  let user: { id: string; email: string; password: string };
  let service: { client_id: string; client_secret?: string };
  let passwordClient: { client_id: string; client_secret?: string };
  let webClient: { client_id: string; client_secret?: string; redirect_uris: string[] };

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    user = await aUser(server.deps);
    service = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
    passwordClient = await aClient(server.deps, { kind: 'password' });
    webClient = await aClient(server.deps, { kind: 'confidential' });
    meter = new DynamoMeter().attach(server.deps.table.doc);
  });

  const auth = (client: { client_id: string; client_secret?: string }) => ({
    authorization: basic(client.client_id, client.client_secret!),
  });
  const token = (client: { client_id: string; client_secret?: string }, params: Record<string, string>) =>
    postForm(`${server.url}/oauth/token`, params, auth(client));
  const passwordGrant = () =>
    token(passwordClient, { grant_type: 'password', username: user.email, password: user.password, scope: read });

  /** The DynamoDB operations `request` makes, after `warmUp` (by default the same request) has run. */
  async function roundTrips(
    request: () => Promise<{ status: number }>,
    warmUp = request,
    options: { coldKeys?: boolean } = {},
  ): Promise<string[]> {
    expect((await warmUp()).status).toBe(200);
    if (options.coldKeys) {
      server.deps.keys.invalidate(); // as in a new container, where the keys are not loaded yet
    } else {
      // Reload the key set now, so its 10 s cache cannot expire between here and the request.
      server.deps.keys.invalidate();
      await server.deps.keys.published();
    }
    meter.take();
    expect((await request()).status).toBe(200);
    return operations(meter.take());
  }

  it('client credentials: no DynamoDB request at all once the client (CLIENT_CACHE_SECONDS) and the scope catalogue (10 s) are cached', async () => {
    const request = () => token(service, { grant_type: 'client_credentials', scope: read });
    expect(await roundTrips(request)).toEqual([]);
  });

  it("client credentials for a client with an owner: one read, the owner's permissions (the cache off: test/integration/token/client-cache-off.test.ts)", async () => {
    const owner = await aUser(server.deps);
    const owned = await aClient(server.deps, { kind: 'client_credentials', userEmail: owner.email });
    const request = () => token(owned, { grant_type: 'client_credentials', scope: read });
    expect(await roundTrips(request)).toEqual(['Query']);
  });

  it('password grant: one BatchGetItem (client, user, catalogue), the attempt counted, one TransactWriteItems and the counter cleared', async () => {
    // SPEC §6: the attempt is counted (PutItem) before argon2 runs; the success clears it
    // (DeleteItem) in parallel with the token records.
    expect((await roundTrips(passwordGrant)).sort()).toEqual(['BatchGetItem', 'DeleteItem', 'PutItem', 'TransactWriteItems']);
  });

  it('code exchange: one BatchGetItem (client and code) and one TransactWriteItems', async () => {
    const exchange = async () => {
      const code = randomToken();
      const now = Math.floor(Date.now() / 1000);
      await server.deps.authorizations.saveCode({
        digest: sha256(code),
        clientId: webClient.client_id,
        redirectUri: webClient.redirect_uris[0]!,
        userId: user.id,
        scopes: [read],
        createdAt: now,
        expiresAt: now + 600,
      });
      meter.take(); // the code was stored by the authorization endpoint, not by this request
      return token(webClient, { grant_type: 'authorization_code', code, redirect_uri: webClient.redirect_uris[0]! });
    };
    expect(await roundTrips(exchange)).toEqual(['BatchGetItem', 'TransactWriteItems']);
  });

  it('refresh: one BatchGetItem (client, grant, refresh token) and one TransactWriteItems', async () => {
    const issued = (await passwordGrant()).body;
    const request = () => token(passwordClient, { grant_type: 'refresh_token', refresh_token: issued.refresh_token });
    expect(await roundTrips(request, passwordGrant)).toEqual(['BatchGetItem', 'TransactWriteItems']);
  });

  it('introspection of an access token: one BatchGetItem (caller, token client, grant, deny-list entry)', async () => {
    const issued = (await passwordGrant()).body;
    const request = () => postForm(`${server.url}/oauth/introspect`, { token: issued.access_token }, auth(service));
    expect(await roundTrips(request)).toEqual(['BatchGetItem']);
  });

  it('introspection of a refresh token by the client it was issued to: one BatchGetItem', async () => {
    const issued = (await passwordGrant()).body;
    const request = () => postForm(`${server.url}/oauth/introspect`, { token: issued.refresh_token }, auth(passwordClient));
    expect(await roundTrips(request)).toEqual(['BatchGetItem']);
  });

  it('revocation of an access token: one BatchGetItem and the deny-list PutItem', async () => {
    const first = (await passwordGrant()).body;
    const second = (await passwordGrant()).body;
    const revoke = (t: string) => () => postForm(`${server.url}/oauth/revoke`, { token: t }, auth(passwordClient));
    expect(await roundTrips(revoke(second.access_token), revoke(first.access_token))).toEqual(['BatchGetItem', 'PutItem']);
  });

  it('revocation of a refresh token: one BatchGetItem and one UpdateItem of its grant', async () => {
    const first = (await passwordGrant()).body;
    const second = (await passwordGrant()).body;
    const revoke = (t: string) => () => postForm(`${server.url}/oauth/revoke`, { token: t }, auth(passwordClient));
    expect(await roundTrips(revoke(second.refresh_token), revoke(first.refresh_token))).toEqual(['BatchGetItem', 'UpdateItem']);
  });

  it('JWKS and discovery: no DynamoDB request while the container’s copy is fresh', async () => {
    expect(await roundTrips(() => getJson(`${server.url}/oauth/jwks`))).toEqual([]);
    expect(await roundTrips(() => getJson(`${server.url}/.well-known/oauth-authorization-server`))).toEqual([]);
    expect(await roundTrips(() => getJson(`${server.url}/.well-known/openid-configuration`))).toEqual([]);
  });

  it('a cold key ring adds exactly one request: the Query of the signing keys', async () => {
    const request = () => token(service, { grant_type: 'client_credentials', scope: read });
    expect((await roundTrips(request, request, { coldKeys: true })).sort()).toEqual(['Query']);
  });
});
