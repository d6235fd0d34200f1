import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { rotateSigningKeys } from '../../../functions/admin/keys.js';
import { longestTokenLifetime } from '../../../functions/config.js';
import { KeyRing } from '../../../functions/oauth/tokens/keyring.js';
import { basic, getJson, postForm } from '../../support/http.js';
import { aClient } from '../../support/fixtures.js';
import { verifyWithJwks } from '../../support/jwt.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('signing key rotation', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    server = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '60', PERSONAL_TOKEN_TTL_SECONDS: '60' });
    client = await aClient(server.deps, { kind: 'client_credentials' });
  });

  const kidOfNewToken = async () => {
    const res = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, {
      authorization: basic(client.client_id, client.client_secret!),
    });
    return { kid: decodeProtectedHeader(res.body.access_token).kid, token: res.body.access_token as string };
  };
  const publishedKids = async () => (await getJson(`${server.url}/oauth/jwks`)).body.keys.map((k: { kid: string }) => k.kid);

  it('publishes a staged key at once but keeps signing with the current one', async () => {
    const before = await kidOfNewToken();
    const asked = Math.floor(Date.now() / 1000) * 1000; // the server's clock, read around the call
    const staged = await rotateSigningKeys(server.deps, { now: false });
    const answered = Date.now();
    const activeFrom = Date.parse(staged.active_from);
    expect(activeFrom).toBeGreaterThanOrEqual(asked + 3 * 3600_000);
    expect(activeFrom).toBeLessThanOrEqual(answered + 3 * 3600_000);
    expect(await publishedKids()).toEqual(expect.arrayContaining([before.kid, staged.kid]));
    expect((await kidOfNewToken()).kid).toBe(before.kid);
  });

  it('signs with the new key at once with --now, the old key staying published for its tokens', async () => {
    const old = await kidOfNewToken();
    const fresh = await rotateSigningKeys(server.deps, { now: true });
    const after = await kidOfNewToken();
    expect(after.kid).toBe(fresh.kid);
    expect(await publishedKids()).toContain(old.kid);
    await verifyWithJwks(server.url, old.token); // still verifiable
  });

  it('retires a replaced key once every token it signed has expired', async () => {
    const keys = await server.deps.signingKeys.list();
    const retiring = keys.filter((k) => k.retireAt !== undefined);
    expect(retiring.length).toBeGreaterThan(0);
    // Staged at the latest now, so active at the latest now + the publish-ahead period; then the
    // longest token lifetime (60 s here). Bounds from the clock read after the fact, no slack.
    const latest = Math.floor(Date.now() / 1000) + server.deps.config.keyPublishAheadSeconds + longestTokenLifetime(server.deps.config);
    for (const key of retiring) expect(key.retireAt!).toBeLessThanOrEqual(latest);
  });

  it('reaches other containers within the 10 s cache, never per request', async () => {
    let now = Date.now();
    let reads = 0;
    const counting = { ...server.deps.signingKeys, list: () => (reads++, server.deps.signingKeys.list()), addFirst: server.deps.signingKeys.addFirst.bind(server.deps.signingKeys), add: server.deps.signingKeys.add.bind(server.deps.signingKeys) };
    const otherContainer = new KeyRing(counting, server.deps.protector, () => now);
    const first = (await otherContainer.signer()).kid;
    await otherContainer.signer();
    await otherContainer.jwks();
    expect(reads).toBe(1);
    const rotated = await rotateSigningKeys(server.deps, { now: true });
    expect((await otherContainer.signer()).kid).toBe(first);
    now += 10_001;
    expect((await otherContainer.signer()).kid).toBe(rotated.kid);
    expect(reads).toBe(2);
  });
});
