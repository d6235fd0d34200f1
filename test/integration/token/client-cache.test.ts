import { verify } from '@node-rs/argon2';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { clientReads, ReadRecorder } from '../../support/reads.js';
import { startTestServer, type TestServer } from '../../support/server.js';

// Count every argon2 verification at the library itself, and keep the real work.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});
const verifications = vi.mocked(verify);

/**
 * What the token endpoint serves from memory (SPEC §6), with a cache time long enough that no
 * entry expires during this file however slow the machine: every count below is exact.
 * client-cache-bound.test.ts checks the bound itself, with a cache time of 1 s.
 */
describe('the token endpoint’s per-container client cache', () => {
  let server: TestServer;
  let reads: ReadRecorder;
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '600' });
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

  it('serves a warm client from memory: no client read and no argon2 for its next tokens', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(service)).status).toBe(200);
    expect(clientReads(reads.take(), service.client_id)).toBe(1);
    for (let i = 0; i < 3; i++) expect((await clientCredentials(service)).status).toBe(200);
    const warm = reads.take();
    expect(clientReads(warm, service.client_id)).toBe(0);
    // Whatever is left is the scope catalogue (cached per container by its own change, after
    // which a warm client-credentials token reads nothing at all).
    expect(warm.flatMap((r) => r.keys).filter((k) => k !== 'CATALOGUE|SCOPES')).toEqual([]);
    expect(verifications).toHaveBeenCalledTimes(1);
  });

  it('never caches a failed authentication: a wrong secret after a right one is refused, a right one after a wrong one works', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await clientCredentials(service, 'not the secret')).status).toBe(401);
    expect((await clientCredentials(service)).status).toBe(200);
    reads.take();
    // The right secret is cached now; a wrong one is a miss, read fresh and refused, each time.
    for (let i = 0; i < 2; i++) {
      const wrong = await clientCredentials(service, 'not the secret');
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_client');
    }
    expect(clientReads(reads.take(), service.client_id)).toBe(2);
    expect((await clientCredentials(service)).status).toBe(200);
    expect(clientReads(reads.take(), service.client_id)).toBe(0);
  });

  it('keeps reading the client at introspection and revocation, even while it is cached at the token endpoint', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const token = (await clientCredentials(service)).body.access_token as string;
    reads.take();
    expect((await postForm(`${server.url}/oauth/introspect`, { token }, as(service))).body.active).toBe(true);
    expect(clientReads(reads.take(), service.client_id)).toBeGreaterThanOrEqual(1);
    expect((await postForm(`${server.url}/oauth/revoke`, { token }, as(service))).status).toBe(200);
    expect(clientReads(reads.take(), service.client_id)).toBeGreaterThanOrEqual(1);
  });

  it('drops a cached client from the password grant’s batch read: fewer items, the same round trips', async () => {
    const user = await aUser(server.deps);
    const app = await aClient(server.deps, { kind: 'password' });
    const grant = () =>
      postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope }, as(app));
    expect((await grant()).status).toBe(200);
    reads.take();
    expect((await grant()).status).toBe(200);
    const warm = reads.take();
    expect(warm.map((r) => r.operation)).toEqual(['BatchGetItem']);
    expect(clientReads(warm, app.client_id)).toBe(0);
    expect(warm[0]!.keys.length).toBeGreaterThan(0);
  });

  it('drops a cached client from the refresh grant’s batch read', async () => {
    const user = await aUser(server.deps);
    const app = await aClient(server.deps, { kind: 'password' });
    const issued = await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope }, as(app));
    reads.take();
    const refreshed = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token }, as(app));
    expect(refreshed.status).toBe(200);
    const warm = reads.take();
    expect(clientReads(warm, app.client_id)).toBe(0);
    expect(warm.filter((r) => r.operation === 'BatchGetItem')).toHaveLength(1);
  });

  it('serves a public client from memory only without a secret: one that sends a secret is read fresh and refused', async () => {
    const web = await aClient(server.deps, { kind: 'public' });
    const exchange = (secret?: string) =>
      postForm(`${server.url}/oauth/token`, {
        grant_type: 'authorization_code',
        code: 'no-such-code',
        redirect_uri: 'http://localhost:9999/callback',
        code_verifier: 'v'.repeat(43),
        client_id: web.client_id,
        ...(secret ? { client_secret: secret } : {}),
      });
    // An unknown code is invalid_grant, after the client authenticated (and was cached).
    expect((await exchange()).body.error).toBe('invalid_grant');
    reads.take();
    expect((await exchange()).body.error).toBe('invalid_grant');
    expect(clientReads(reads.take(), web.client_id)).toBe(0);
    const withSecret = await exchange('a secret it does not have');
    expect(withSecret.status).toBe(401);
    expect(clientReads(reads.take(), web.client_id)).toBe(1);
  });
});
