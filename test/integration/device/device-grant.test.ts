import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../../../functions/clock.js';
import { randomToken, sha256 } from '../../../functions/oauth/crypto.js';
import { userCodeDigest } from '../../../functions/oauth/device/user-code.js';
import { DEVICE_CODE_GRANT } from '../../../functions/oauth/ports.js';
import { pathTo } from '../../../functions/routes.js';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { decide, poll, startDevice } from '../../support/device-flow.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { getJson, postForm } from '../../support/http.js';
import { signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** RFC 8628 end to end over HTTP: the device's requests, the person's answer, every §3.5 error. */
describe('the device authorization grant (RFC 8628)', () => {
  let server: TestServer;
  let scope: string;
  let cookie: string;
  let device: { client_id: string; client_secret?: string };
  let publicDevice: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
    const user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
    device = await aClient(server.deps, { kind: 'device' });
    publicDevice = await aClient(server.deps, { kind: 'device', public: true });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a device code, an XXXX-XXXX user code of consonants, where to enter it, 10 minutes and a 5 s interval', async () => {
    const res = await startDevice(server.url, device, { scope });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      device_code: expect.stringMatching(/^[\w-]{43}$/),
      user_code: expect.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/),
      verification_uri: `${server.url}/oauth/device`,
      verification_uri_complete: `${server.url}/oauth/device?user_code=${res.body.user_code}`,
      expires_in: 600,
      interval: 5,
    });
  });

  it('publishes its endpoint and grant type in the metadata', async () => {
    const { body } = await getJson(`${server.url}/.well-known/oauth-authorization-server`);
    expect(body.device_authorization_endpoint).toBe(`${server.url}/oauth/device/code`);
    expect(body.grant_types_supported).toContain(DEVICE_CODE_GRANT);
  });

  it('says authorization_pending until the person answers, then gives one token response with a refresh token, and the code is spent', async () => {
    const started = (await startDevice(server.url, device, { scope })).body;
    const pending = await poll(server.url, device, started.device_code);
    expect(pending.status).toBe(400);
    expect(pending.body.error).toBe('authorization_pending');

    const done = await decide(server.url, cookie, started.user_code, 'approve');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Device connected');

    const tokens = await poll(server.url, device, started.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope, access_token: expect.any(String), refresh_token: expect.any(String) });
    const again = await poll(server.url, device, started.device_code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');

    // The device client may refresh (SPEC §3: --device gives refresh_token too).
    const refreshed = await postForm(`${server.url}${pathTo('token')}`, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token }, {
      authorization: `Basic ${Buffer.from(`${device.client_id}:${device.client_secret}`).toString('base64')}`,
    });
    expect(refreshed.status).toBe(200);
  });

  it('serves a public device client by its client_id alone', async () => {
    const started = (await startDevice(server.url, publicDevice)).body;
    expect(started.user_code).toMatch(/^\w{4}-\w{4}$/);
    await decide(server.url, cookie, started.user_code, 'approve');
    const tokens = await poll(server.url, publicDevice, started.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.body.refresh_token).toEqual(expect.any(String));
  });

  it('says access_denied once the person denies, on this poll and the next', async () => {
    const started = (await startDevice(server.url, device)).body;
    const done = await decide(server.url, cookie, started.user_code, 'deny');
    expect(done.text).toContain('Request denied');
    for (let i = 0; i < 2; i++) {
      const res = await poll(server.url, device, started.device_code);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('access_denied');
    }
  });

  it('says slow_down to a device that polls within its interval, and remembers the interval 5 s longer', async () => {
    const started = (await startDevice(server.url, device)).body;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    expect((await poll(server.url, device, started.device_code)).body.error).toBe('authorization_pending');
    expect((await poll(server.url, device, started.device_code)).body.error).toBe('slow_down');
    // The interval is now 10 s: 6 s later is still too soon, and the slow_down pushes it to 15 s.
    vi.setSystemTime(Date.now() + 6_000);
    expect((await poll(server.url, device, started.device_code)).body.error).toBe('slow_down');
    vi.setSystemTime(Date.now() + 15_000);
    expect((await poll(server.url, device, started.device_code)).body.error).toBe('authorization_pending');
  });

  it('says expired_token once the device code has expired, whatever TTL has not yet deleted', async () => {
    const started = (await startDevice(server.url, device)).body;
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 601_000 });
    const res = await poll(server.url, device, started.device_code);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('expired_token');
    vi.useRealTimers();
    // The person cannot approve it either: the verification page knows no expired code.
    const late = Date.now() + 601_000;
    vi.useFakeTimers({ toFake: ['Date'], now: late });
    await expect(decide(server.url, cookie, started.user_code, 'approve')).rejects.toThrow(/answered 400/);
  });

  it('says invalid_grant for an unknown, malformed or another client’s device code, and invalid_request without one', async () => {
    const other = await aClient(server.deps, { kind: 'device' });
    const theirs = (await startDevice(server.url, other)).body.device_code;
    for (const code of [randomToken(), 'not a code', 'x'.repeat(5000), theirs]) {
      const res = await poll(server.url, device, code);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    }
    const missing = await postForm(`${server.url}${pathTo('token')}`, { grant_type: DEVICE_CODE_GRANT, client_id: publicDevice.client_id });
    expect(missing.body.error).toBe('invalid_request');
  });

  it('refuses clients without the grant (unauthorized_client) and wrong secrets (invalid_client) at the device endpoint', async () => {
    const web = await aClient(server.deps, { kind: 'confidential' });
    const refused = await startDevice(server.url, web);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('unauthorized_client');
    const wrong = await startDevice(server.url, { client_id: device.client_id, client_secret: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const unknownScope = await startDevice(server.url, device, { scope: 'no-such-scope' });
    expect(unknownScope.body.error).toBe('invalid_scope');
  });

  it('stores neither code readably: only their SHA-256 digests', async () => {
    const started = (await startDevice(server.url, device)).body;
    const raw = started.user_code.replace('-', '');
    const scan = await server.deps.table.doc.send(new ScanCommand({ TableName: server.deps.table.tableName, ConsistentRead: true }));
    const table = JSON.stringify(scan.Items);
    expect(table).toContain(sha256(started.device_code));
    expect(table).toContain(userCodeDigest(raw));
    for (const readable of [started.device_code, started.user_code, raw, raw.toLowerCase()]) expect(table).not.toContain(readable);
    const items = (scan.Items ?? []).filter((i) => i.type === 'device_code' || i.type === 'user_code');
    for (const item of items) expect(item.ttl).toBeGreaterThan(nowSeconds());
  });

  it('polls cheaply: a pending poll is one read (the device code with the client) and one conditional write', async () => {
    const meter = new DynamoMeter().attach(server.deps.table.doc);
    // A client this container has never seen: its record comes in the same batch as the code.
    const fresh = await aClient(server.deps, { kind: 'device', public: true });
    const started = (await startDevice(server.url, fresh)).body;
    server.deps.keys.invalidate(); // the signing keys loaded now, so their 10 s cache cannot lapse mid-test
    await server.deps.keys.published();
    meter.take();
    expect((await poll(server.url, fresh, started.device_code)).body.error).toBe('authorization_pending');
    expect(operations(meter.take())).toEqual(['BatchGetItem', 'UpdateItem']);
    // Too soon: still one read, and the one write remembers the longer interval.
    expect((await poll(server.url, fresh, started.device_code)).body.error).toBe('slow_down');
    expect(operations(meter.take())).toEqual(['BatchGetItem', 'UpdateItem']);
  });
});
