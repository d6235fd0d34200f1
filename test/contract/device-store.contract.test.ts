import { beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import type { DeviceAuthorization, DeviceStore, ReadPorts } from '../../functions/oauth/ports.js';
import { newRefreshFamily } from '../../functions/oauth/tokens/issue.js';
import { MemoryDeviceStore } from '../support/memory-device-store.js';
import { MemoryTokenStore } from '../support/memory-store.js';
import { testContainer } from '../support/store.js';

/** The writes of one adapter, and the batch read that sees them. */
type Subject = { devices: DeviceStore; store: ReadPorts };

async function dynamo(): Promise<Subject> {
  const deps = await testContainer();
  return { devices: deps.devices, store: deps };
}

async function memory(): Promise<Subject> {
  const store = new MemoryTokenStore();
  return { devices: new MemoryDeviceStore(store.batch), store };
}

const aDevice = (overrides: Partial<DeviceAuthorization> = {}): DeviceAuthorization => ({
  digest: crypto.randomUUID().replaceAll('-', ''),
  userCodeDigest: crypto.randomUUID().replaceAll('-', ''),
  clientId: crypto.randomUUID(),
  scopes: ['tv:watch'],
  createdAt: nowSeconds(),
  expiresAt: nowSeconds() + 600,
  interval: 5,
  status: 'pending',
  ...overrides,
});

/** The DeviceStore port's contract (RFC 8628, SPEC §7: single use by conditional writes), held by both adapters alike. */
describe.each([
  ['DynamoDB', dynamo],
  ['in-memory', memory],
])('the device authorization writes (%s)', (_name, make) => {
  let subject: Subject;
  const read = (device: DeviceAuthorization) =>
    subject.store.batch.load({ device: subject.store.reads.deviceCode(device.digest), code: subject.store.reads.userCode(device.userCodeDigest) });

  beforeAll(async () => {
    subject = await make();
  });

  it('stores both codes, and refuses a user code a live authorization holds', async () => {
    const device = aDevice();
    expect(await subject.devices.start(device)).toBe(true);
    expect(await read(device)).toEqual({
      device,
      code: { digest: device.userCodeDigest, deviceDigest: device.digest, clientId: device.clientId, scopes: device.scopes, expiresAt: device.expiresAt },
    });
    expect(await subject.devices.start(aDevice({ userCodeDigest: device.userCodeDigest }))).toBe(false);
  });

  it('reuses a user code whose authorization expired, and reads an expired device code back (for expired_token) but not its user code', async () => {
    const old = aDevice({ createdAt: nowSeconds() - 700, expiresAt: nowSeconds() - 100 });
    expect(await subject.devices.start(old)).toBe(true);
    expect((await read(old)).device).toEqual(old);
    expect((await read(old)).code).toBeUndefined();
    expect(await subject.devices.start(aDevice({ userCodeDigest: old.userCodeDigest }))).toBe(true);
  });

  it('records a poll only over the last poll it saw, with the longer interval when given', async () => {
    const device = aDevice();
    await subject.devices.start(device);
    expect(await subject.devices.polled(device, 100)).toBe(true);
    expect(await subject.devices.polled(device, 101)).toBe(false); // a concurrent poll saw the same (no) last poll
    const seen = (await read(device)).device!;
    expect(seen).toMatchObject({ lastPolledAt: 100, interval: 5 });
    expect(await subject.devices.polled(seen, 102, 10)).toBe(true);
    expect((await read(device)).device).toMatchObject({ lastPolledAt: 102, interval: 10 });
  });

  it('takes one decision, spends the user code with it, and stops recording polls', async () => {
    const device = aDevice();
    await subject.devices.start(device);
    const code = (await read(device)).code!;
    const decisions = await Promise.all([subject.devices.decide(code, 'user-1', true, nowSeconds()), subject.devices.decide(code, 'user-2', false, nowSeconds())]);
    expect(decisions.filter(Boolean)).toHaveLength(1);
    const after = await read(device);
    expect(after.code).toBeUndefined();
    expect(after.device!.status).toBe(decisions[0] ? 'approved' : 'denied');
    expect(await subject.devices.polled(after.device!, nowSeconds())).toBe(false);
  });

  it('redeems an approval once, with its grant and refresh token, and never a pending or denied one', async () => {
    const device = aDevice();
    await subject.devices.start(device);
    const family = () => newRefreshFamily(device.clientId, 'user-1', device.scopes, 3600);
    const pending = family();
    expect(await subject.devices.redeem(device, pending.authorization, pending.refresh.record, nowSeconds())).toBe(false);
    await subject.devices.decide((await read(device)).code!, 'user-1', true, nowSeconds());
    const [a, b] = [family(), family()];
    const won = await Promise.all([
      subject.devices.redeem(device, a.authorization, a.refresh.record, nowSeconds()),
      subject.devices.redeem(device, b.authorization, b.refresh.record, nowSeconds()),
    ]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = won[0] ? a : b;
    const { reads } = subject.store;
    const records = await subject.store.batch.load({ grant: reads.grant(winner.authorization.id), refresh: reads.refresh(winner.refresh.record.digest) });
    expect(records.grant).toEqual(winner.authorization);
    expect(records.refresh).toEqual(winner.refresh.record);
    expect((await read(device)).device!.consumedAt).toEqual(expect.any(Number));

    const denied = aDevice();
    await subject.devices.start(denied);
    await subject.devices.decide((await read(denied)).code!, 'user-1', false, nowSeconds());
    const c = family();
    expect(await subject.devices.redeem(denied, c.authorization, c.refresh.record, nowSeconds())).toBe(false);
  });
});
