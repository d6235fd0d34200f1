import { verify } from '@node-rs/argon2';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { revokeClient, rotateClientSecret } from '../../../functions/admin/clients.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm, type JsonResponse } from '../../support/http.js';
import { aSignedInUser } from '../../support/management.js';
import { authorizeAndApprove, CALLBACK } from '../../support/oauth-flow.js';
import { clientReads, ReadRecorder } from '../../support/reads.js';
import { startTestServer, type TestServer } from '../../support/server.js';

// Count every argon2 verification at the library itself, and keep the real work.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});
const verifications = vi.mocked(verify);

/** Short, so the bound can be seen to hold within a test; the default is 5 s. */
const CACHE_SECONDS = 1;

/**
 * SPEC §6: `client:revoke`, `client:secret` and the management API's delete take effect at
 * once at introspection and revocation (they always read the client), and at the token
 * endpoint within CLIENT_CACHE_SECONDS. Nothing here depends on how fast the machine is: a
 * token endpoint success is allowed only for a request that started within the cache time of
 * the change, and the polls end at the first refusal.
 */
describe('the client cache’s bound: CLIENT_CACHE_SECONDS', () => {
  let server: TestServer;
  let reads: ReadRecorder;
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer({ CLIENT_CACHE_SECONDS: String(CACHE_SECONDS) });
    scope = (await aScope(server.deps)).name;
    reads = new ReadRecorder().attach(server.deps.table.doc);
  });
  beforeEach(() => {
    verifications.mockClear();
    reads.take();
  });

  type Creds = { client_id: string; client_secret?: string };
  const as = (client: Creds, secret = client.client_secret!) => ({ authorization: basic(client.client_id, secret) });
  const clientCredentials = (client: Creds, secret?: string) =>
    postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope }, as(client, secret));
  const introspect = (caller: Creds, token: string, secret?: string) =>
    postForm(`${server.url}/oauth/introspect`, { token }, as(caller, secret));
  const revoke = (caller: Creds, token: string, secret?: string) =>
    postForm(`${server.url}/oauth/revoke`, { token }, as(caller, secret));

  /**
   * Repeats `request` until it is refused. A success is allowed only for a request that
   * started within CLIENT_CACHE_SECONDS of `since` (the moment the change was stored): that is
   * the whole bound, and no other time is asserted.
   */
  async function refusedWithinCacheTime(since: number, request: () => Promise<JsonResponse>): Promise<JsonResponse> {
    for (;;) {
      const started = Date.now();
      const res = await request();
      if (res.status !== 200) return res;
      expect(started - since, 'served from memory after CLIENT_CACHE_SECONDS').toBeLessThan(CACHE_SECONDS * 1000);
      await sleep(50);
    }
  }

  it('reads the client again once its entry is CLIENT_CACHE_SECONDS old, and still runs argon2 once per secret', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(service)).status).toBe(200);
    reads.take();
    let reread = 0;
    // Polls in 100 ms steps, giving up well after the cache time (a bound, not a timing).
    for (let i = 0; reread === 0 && i < CACHE_SECONDS * 10 + 20; i++) {
      await sleep(100);
      expect((await clientCredentials(service)).status).toBe(200);
      reread = clientReads(reads.take(), service.client_id);
    }
    expect(reread).toBe(1);
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it('refuses a revoked client at once at introspection and revocation, and at the token endpoint within CLIENT_CACHE_SECONDS', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const issued = await clientCredentials(service);
    expect(issued.status).toBe(200);
    const token = issued.body.access_token as string;
    expect((await introspect(service, token)).body.active).toBe(true);

    await revokeClient(server.deps, service.client_id);
    const since = Date.now();
    const introspected = await introspect(service, token);
    expect(introspected.status).toBe(401);
    expect(introspected.body.error).toBe('invalid_client');
    const revoked = await revoke(service, token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toBe('invalid_client');

    const refused = await refusedWithinCacheTime(since, () => clientCredentials(service));
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
  });

  it('refuses a rotated secret at once at introspection and revocation, and at the token endpoint within CLIENT_CACHE_SECONDS; the new one works at once', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const old = service.client_secret!;
    const token = (await clientCredentials(service)).body.access_token as string;

    const rotated = await rotateClientSecret(server.deps, service.client_id);
    const since = Date.now();
    expect((await introspect(service, token, old)).status).toBe(401);
    expect((await revoke(service, token, old)).status).toBe(401);
    expect((await clientCredentials(service, rotated.client_secret)).status).toBe(200);
    expect((await introspect(service, token, rotated.client_secret)).body.active).toBe(true);

    const refused = await refusedWithinCacheTime(since, () => clientCredentials(service, old));
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
    expect((await clientCredentials(service, rotated.client_secret)).status).toBe(200);
  });

  it('refuses a client deleted through the management API at once at introspection, and its refresh token within CLIENT_CACHE_SECONDS', async () => {
    const alice = await aSignedInUser(server.url, server.deps);
    const created = (await alice.api.post('/oauth/clients', { name: 'Reading List', redirect: CALLBACK })).body;
    const app = { client_id: created.id as string, client_secret: created.plainSecret as string };
    const answer = await authorizeAndApprove(server.url, alice.cookie, { response_type: 'code', client_id: app.client_id, redirect_uri: CALLBACK, state: 's' });
    const tokens = (
      await postForm(`${server.url}/oauth/token`, { grant_type: 'authorization_code', code: answer.code!, redirect_uri: CALLBACK }, as(app))
    ).body;
    const resourceServer = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
    expect((await introspect(resourceServer, tokens.access_token)).body.active).toBe(true);

    expect((await alice.api.delete(`/oauth/clients/${app.client_id}`)).status).toBe(204);
    const since = Date.now();
    expect((await introspect(resourceServer, tokens.access_token)).body).toEqual({ active: false });
    expect((await revoke(app, tokens.refresh_token)).status).toBe(401);
    let refreshToken = tokens.refresh_token as string;
    const refused = await refusedWithinCacheTime(since, async () => {
      const res = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, as(app));
      if (res.status === 200) refreshToken = res.body.refresh_token;
      return res;
    });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
  });

  it('refuses a revoked password client’s refresh token within CLIENT_CACHE_SECONDS', async () => {
    const user = await aUser(server.deps);
    const app = await aClient(server.deps, { kind: 'password' });
    let refreshToken = (
      await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope }, as(app))
    ).body.refresh_token as string;
    const refresh = async () => {
      const res = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, as(app));
      if (res.status === 200) refreshToken = res.body.refresh_token;
      return res;
    };
    await revokeClient(server.deps, app.client_id);
    const refused = await refusedWithinCacheTime(Date.now(), refresh);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('invalid_client');
  });
});
