import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { DynamoAttemptStore } from '../../../functions/store/attempts.js';
import type { Container } from '../../../functions/container.js';
import { testContainer } from '../../support/store.js';

/**
 * The lockout's counter (SPEC §6): an attempt is claimed by one conditional write before the
 * password is checked. Once the lock applies, the refused write itself says until when — no
 * second request (and no GetItem in the functions' IAM policies).
 */
describe('the attempt counter in DynamoDB', () => {
  let deps: Container;
  let store: DynamoAttemptStore;
  let meter: DynamoMeter;

  beforeAll(async () => {
    deps = await testContainer();
    store = new DynamoAttemptStore(deps.table);
    meter = new DynamoMeter().attach(deps.table.doc);
  });

  const limits = { threshold: 3, windowSeconds: 900, fresh: false };

  it('counts each claim until the threshold, then answers a claim with the lock in one refused write', async () => {
    const id = `account:${crypto.randomUUID()}`;
    expect(await store.claim(id, { ...limits, fresh: true })).toEqual({ attempt: 1 });
    expect(await store.claim(id, limits)).toEqual({ attempt: 2 });
    expect(await store.claim(id, limits)).toEqual({ attempt: 3 });
    meter.take();
    const refused = await store.claim(id, limits);
    expect(refused).toEqual({ lockedUntil: expect.any(Number) });
    expect((refused as { lockedUntil: number }).lockedUntil).toBeGreaterThan(Math.floor(Date.now() / 1000));
    expect(operations(meter.take())).toEqual(['UpdateItem']);
  });
});
