import { beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import type { AttemptStore, ReadPorts } from '../../functions/oauth/ports.js';
import { DynamoAttemptStore, PENDING_SECONDS } from '../../functions/store/attempts.js';
import { MemoryAttemptStore, MemoryTokenStore } from '../support/memory-store.js';
import { testContainer } from '../support/store.js';

/** The counters, and the batch read that sees them, of one adapter. */
type Subject = { attempts: AttemptStore; store: ReadPorts };

async function dynamo(): Promise<Subject> {
  const deps = await testContainer();
  return { attempts: new DynamoAttemptStore(deps.table), store: deps };
}

async function memory(): Promise<Subject> {
  const store = new MemoryTokenStore();
  return { attempts: new MemoryAttemptStore(store.batch), store };
}

const limits = { threshold: 3, windowSeconds: 900, fresh: false };
const anId = () => `account:${crypto.randomUUID()}`;

/** The AttemptStore port's contract (SPEC §6 lockout), held by the DynamoDB adapter and the in-memory one alike. */
describe.each([
  ['DynamoDB', dynamo],
  ['in-memory', memory],
])('the attempt counters (%s)', (_name, make) => {
  let subject: Subject;

  beforeAll(async () => {
    subject = await make();
  });

  it('counts each claim, and once the threshold is reached answers the lock instead of counting', async () => {
    const id = anId();
    expect(await subject.attempts.claim(id, { ...limits, fresh: true })).toEqual({ attempt: 1 });
    expect(await subject.attempts.claim(id, limits)).toEqual({ attempt: 2 });
    expect(await subject.attempts.claim(id, limits)).toEqual({ attempt: 3 });
    const refused = await subject.attempts.claim(id, limits);
    expect(refused).toHaveProperty('lockedUntil');
    expect((refused as { lockedUntil: number }).lockedUntil).toBeGreaterThan(nowSeconds());
    expect((refused as { lockedUntil: number }).lockedUntil).toBeLessThanOrEqual(nowSeconds() + PENDING_SECONDS);
  });

  it('holds a lock set after a failure, and shows it to the batch read', async () => {
    const id = anId();
    for (let i = 0; i < 3; i++) await subject.attempts.claim(id, { ...limits, fresh: i === 0 });
    const until = nowSeconds() + 600;
    await subject.attempts.lock(id, until);
    expect(await subject.attempts.claim(id, limits)).toEqual({ lockedUntil: until });
    const read = await subject.store.batch.load({ counter: subject.store.reads.attempts(id) });
    expect(read.counter).toMatchObject({ id, failures: 3, lockedUntil: until });
  });

  it('forgets the counter after a success that was the latest attempt, and takes back only its own otherwise', async () => {
    const alone = anId();
    const { attempt } = (await subject.attempts.claim(alone, { ...limits, fresh: true })) as { attempt: number };
    await subject.attempts.reset(alone, attempt);
    expect((await subject.store.batch.load({ counter: subject.store.reads.attempts(alone) })).counter).toBeUndefined();

    const crowded = anId();
    const mine = (await subject.attempts.claim(crowded, { ...limits, fresh: true })) as { attempt: number };
    await subject.attempts.claim(crowded, limits);
    await subject.attempts.reset(crowded, mine.attempt);
    expect((await subject.store.batch.load({ counter: subject.store.reads.attempts(crowded) })).counter?.failures).toBe(1);
  });

  it('counts failures in a window, starting afresh for a new identifier', async () => {
    const id = anId();
    expect(await subject.attempts.recordFailure(id, 900)).toBe(1);
    expect(await subject.attempts.recordFailure(id, 900)).toBe(2);
    await expect(subject.attempts.lock(anId(), nowSeconds() + 60)).resolves.toBeUndefined();
  });
});
