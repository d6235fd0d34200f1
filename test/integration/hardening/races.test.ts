import { beforeAll, describe, expect, it } from 'vitest';
import { rotateClientSecret } from '../../../functions/admin/clients.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { authorizeUrl, CALLBACK, formFields, get, post, query, signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Parallel requests against DynamoDB Local, each with the invariant it must keep. (Code
 * redemption and refresh rotation races: authorize/concurrent-redemption and token/refresh.)
 */
describe('races', () => {
  let server: TestServer;
  let app: { client_id: string; client_secret?: string };
  let user: { email: string; password: string };
  let races = 0;

  beforeAll(async () => {
    // The token endpoint's client cache off (SPEC §6): a rotation reaches it at once.
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '0' });
    app = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
  });

  const as = (c: typeof app, secret = c.client_secret!) => ({ authorization: basic(c.client_id, secret) });
  const token = (params: Record<string, string>, c = app) => postForm(`${server.url}/oauth/token`, params, as(c));
  const active = async (t: string) => (await postForm(`${server.url}/oauth/introspect`, { token: t }, as(app))).body.active;

  it('revocation against a refresh in flight: whatever the order, nothing of the family survives', async () => {
    for (let i = 0; i < 8; i++) {
      races++;
      const first = (await token({ grant_type: 'password', username: user.email, password: user.password })).body;
      const [refreshed, revoked] = await Promise.all([
        token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
        postForm(`${server.url}/oauth/revoke`, { token: first.refresh_token }, as(app)),
      ]);
      expect(revoked.status).toBe(200);
      expect([200, 400]).toContain(refreshed.status);
      if (refreshed.status === 200) {
        // The refresh won the race: its new tokens belong to the revoked family.
        expect(await active(refreshed.body.refresh_token)).toBe(false);
        expect(await active(refreshed.body.access_token)).toBe(false);
        expect((await token({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token })).status).toBe(400);
      }
      expect(await active(first.refresh_token)).toBe(false);
    }
  });

  it('secret rotation against token requests: the old secret works until the rotation, never after', async () => {
    const machine = await aClient(server.deps, { kind: 'client_credentials' });
    races++;
    const during = Array.from({ length: 6 }, () => token({ grant_type: 'client_credentials' }, machine));
    const rotated = await rotateClientSecret(server.deps, machine.client_id);
    for (const res of await Promise.all(during)) expect([200, 401]).toContain(res.status);
    const after = await Promise.all(Array.from({ length: 4 }, () => token({ grant_type: 'client_credentials' }, machine)));
    for (const res of after) expect(res.status).toBe(401);
    const fresh = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, as(machine, rotated.client_secret));
    expect(fresh.status).toBe(200);
  });

  it('two rotations of one secret at once: both answer, and exactly the last stored secret works', async () => {
    const machine = await aClient(server.deps, { kind: 'client_credentials' });
    races++;
    const results = await Promise.allSettled([rotateClientSecret(server.deps, machine.client_id), rotateClientSecret(server.deps, machine.client_id)]);
    const secrets = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.client_secret] : []));
    expect(secrets.length).toBeGreaterThanOrEqual(1);
    const working = [];
    for (const secret of secrets) {
      const res = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, as(machine, secret));
      if (res.status === 200) working.push(secret);
    }
    expect(working).toHaveLength(1);
  });

  it('the same consent approved twice at once: two codes, one remembered consent, no error', async () => {
    races++;
    const scope = (await aScope(server.deps)).name;
    const web = await aClient(server.deps, { kind: 'confidential' });
    const cookie = await signIn(server.url, user.email, user.password);
    const page = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope, state: 's' }), cookie);
    const form = { ...formFields(page.text), decision: 'approve' };
    const answers = await Promise.all([post(`${server.url}/oauth/authorize`, form, cookie), post(`${server.url}/oauth/authorize`, form, cookie)]);
    const codes = answers.map((a) => query(a.location).code);
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(2);
    // Remembered once: the next authorization goes straight to the callback.
    const again = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope, state: 't' }), cookie);
    expect(again.status).toBe(302);
    expect(query(again.location).code).toBeTruthy();
    console.log(`races: ${races} races run, every invariant held`);
  });
});
