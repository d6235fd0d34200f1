import { hash, verify } from '@node-rs/argon2';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { revokeClient, rotateClientSecret } from '../../../functions/admin/clients.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

// Count every argon2 run at the library itself, and keep the real work.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});
const verifications = vi.mocked(verify);
const hashings = vi.mocked(hash);

/**
 * argon2 costs tens of milliseconds of CPU: a container runs it at most once per client secret
 * (then remembers what it verified against which stored hash) and once per password. The
 * remembered result never outlives the secret: the client record, read on every request
 * with the client cache off (and every CLIENT_CACHE_SECONDS with it on), tells whether the
 * hash is still current.
 */
describe('argon2 at most once per client secret per container, and never stale', () => {
  let server: TestServer;
  let read: string;

  beforeAll(async () => {
    // The token endpoint's client cache off (SPEC §6), so the client is read on every request
    // and "at once" holds there too; test/integration/token/client-cache.test.ts covers it on.
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '0' });
    read = (await aScope(server.deps)).name;
  });
  beforeEach(() => {
    verifications.mockClear();
    hashings.mockClear();
  });

  const clientCredentials = (clientId: string, secret: string) =>
    postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope: read }, { authorization: basic(clientId, secret) });

  it('verifies a client secret once, however many requests the client makes', async () => {
    const client = await aClient(server.deps, { kind: 'client_credentials' });
    for (let i = 0; i < 4; i++) expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it('runs argon2 for the password on every password grant, and not again for the client', async () => {
    const user = await aUser(server.deps);
    const client = await aClient(server.deps, { kind: 'password' });
    const grant = () =>
      postForm(
        `${server.url}/oauth/token`,
        { grant_type: 'password', username: user.email, password: user.password },
        { authorization: basic(client.client_id, client.client_secret!) },
      );
    expect((await grant()).status).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(2); // the client's secret, then the password
    expect((await grant()).status).toBe(200);
    expect(verifications).toHaveBeenCalledTimes(3); // the password only
  });

  it('spends one argon2 verification on an unknown user, as on a wrong password, and never a hash', async () => {
    const client = await aClient(server.deps, { kind: 'password' });
    const grant = (username: string, password: string) =>
      postForm(
        `${server.url}/oauth/token`,
        { grant_type: 'password', username, password },
        { authorization: basic(client.client_id, client.client_secret!) },
      );
    const user = await aUser(server.deps);
    expect((await grant(user.email, 'not the password')).status).toBe(400);
    verifications.mockClear();
    hashings.mockClear();
    const unknown = await grant('nobody@example.com', 'whatever1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_grant');
    expect(verifications).toHaveBeenCalledTimes(1);
    expect(hashings).not.toHaveBeenCalled();
  });

  it('never remembers a wrong secret as right, and spends no argon2 on it once the real one is known', async () => {
    const client = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
    verifications.mockClear();
    // A stored hash verifies exactly one secret: remembered with another one, it cannot match.
    expect((await clientCredentials(client.client_id, 'wrong')).status).toBe(401);
    expect((await clientCredentials(client.client_id, 'wrong')).status).toBe(401);
    expect(verifications).not.toHaveBeenCalled();
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
  });

  it('verifies a wrong secret with argon2 while the real one is not yet known, and refuses it', async () => {
    const client = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(client.client_id, 'wrong')).status).toBe(401);
    expect((await clientCredentials(client.client_id, 'wrong')).status).toBe(401);
    expect(verifications).toHaveBeenCalledTimes(2);
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
  });

  it('refuses a rotated secret at once, although it was verified and remembered', async () => {
    const client = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
    const rotated = await rotateClientSecret(server.deps, client.client_id);
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(401);
    expect((await clientCredentials(client.client_id, rotated.client_secret)).status).toBe(200);
  });

  it('accepts both secrets during a rotation grace period, verifying each of them once', async () => {
    const client = await aClient(server.deps, { kind: 'client_credentials' });
    const rotated = await rotateClientSecret(server.deps, client.client_id, 3600);
    verifications.mockClear();
    for (let i = 0; i < 3; i++) {
      expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
      expect((await clientCredentials(client.client_id, rotated.client_secret)).status).toBe(200);
    }
    // Each secret succeeds against its hash once (the old one may first be tried against the
    // new hash, which fails); after that both are remembered, each beside its own hash.
    expect(new Set(verifications.mock.calls.map(([, secret]) => secret)).size).toBe(2);
    expect(verifications.mock.calls.length).toBeLessThanOrEqual(3);
    verifications.mockClear();
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
    expect((await clientCredentials(client.client_id, rotated.client_secret)).status).toBe(200);
    expect(verifications).not.toHaveBeenCalled();
  });

  it('refuses a revoked client at once, although its secret was verified and remembered', async () => {
    const client = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(client.client_id, client.client_secret!)).status).toBe(200);
    await revokeClient(server.deps, client.client_id);
    const res = await clientCredentials(client.client_id, client.client_secret!);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('refuses a revoked client’s refresh token and reports its access token inactive at once', async () => {
    const user = await aUser(server.deps);
    const client = await aClient(server.deps, { kind: 'password' });
    const resourceServer = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
    const auth = { authorization: basic(client.client_id, client.client_secret!) };
    const issued = (
      await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password }, auth)
    ).body;
    const introspect = () =>
      postForm(`${server.url}/oauth/introspect`, { token: issued.access_token }, {
        authorization: basic(resourceServer.client_id, resourceServer.client_secret!),
      });
    expect((await introspect()).body.active).toBe(true);
    await revokeClient(server.deps, client.client_id);
    expect((await introspect()).body).toEqual({ active: false });
    const refreshed = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: issued.refresh_token }, auth);
    expect(refreshed.status).toBe(401);
  });
});
