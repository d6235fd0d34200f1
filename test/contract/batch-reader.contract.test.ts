import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../bench/meter.js';
import { nowSeconds } from '../../functions/clock.js';
import type { BatchReader, Session, User } from '../../functions/oauth/ports.js';
import { DynamoBatchReader } from '../../functions/store/batch-read.js';
import { userRead, userToItem } from '../../functions/store/items.js';
import { sessionRead, sessionToItem } from '../../functions/store/sessions.js';
import { MemoryBatchReader } from '../support/memory-store.js';
import { testContainer } from '../support/store.js';

type Item = Record<string, unknown>;

/** One adapter under contract: the port, how to put an item behind it, and its batches so far. */
interface Subject {
  reader: BatchReader;
  put(item: Item): Promise<void>;
  batches(): number;
}

async function dynamo(): Promise<Subject> {
  const deps = await testContainer();
  const meter = new DynamoMeter().attach(deps.table.doc);
  let batches = 0;
  return {
    reader: new DynamoBatchReader(deps.table),
    put: async (item) => void (await deps.table.doc.send(new PutCommand({ TableName: deps.table.tableName, Item: item }))),
    batches: () => (batches += operations(meter.take()).filter((op) => op === 'BatchGetItem').length),
  };
}

async function memory(): Promise<Subject> {
  const reader = new MemoryBatchReader();
  return { reader, put: async (item) => reader.put(item), batches: () => reader.batches };
}

const aUser = (email = `${crypto.randomUUID()}@example.com`): User => ({
  id: crypto.randomUUID(),
  email,
  name: 'Ada',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
  scopes: ['read'],
  createdAt: nowSeconds(),
});

const aSession = (expiresAt: number): Session => ({
  digest: crypto.randomUUID().replaceAll('-', '').padEnd(64, '0'),
  userId: crypto.randomUUID(),
  email: 'ada@example.com',
  createdAt: nowSeconds() - 60,
  expiresAt,
});

/** The batch read port's contract, held by the DynamoDB adapter and the in-memory one alike. */
describe.each([
  ['DynamoDB', dynamo],
  ['in-memory', memory],
])('the batch read port (%s)', (_name, make) => {
  let subject: Subject;

  beforeAll(async () => {
    subject = await make();
  });

  it('answers each read by the name it was given, in one batch', async () => {
    const user = aUser();
    const live = aSession(nowSeconds() + 600);
    await subject.put(userToItem(user));
    await subject.put(sessionToItem(live));
    const before = subject.batches();
    const found = await subject.reader.load({ who: userRead(user.email), session: sessionRead(live.digest) });
    expect(subject.batches() - before).toBe(1);
    expect(found.who).toEqual(user);
    expect(found.session).toEqual(live);
  });

  it('answers an absent or expired item as undefined', async () => {
    const expired = aSession(nowSeconds() - 1);
    await subject.put(sessionToItem(expired));
    const found = await subject.reader.load({ nobody: userRead('nobody@example.com'), gone: sessionRead(expired.digest) });
    expect(found).toEqual({ nobody: undefined, gone: undefined });
  });

  it('answers two names for one item with the same value, and an empty request without a batch', async () => {
    const user = aUser();
    await subject.put(userToItem(user));
    const found = await subject.reader.load({ first: userRead(user.email), again: userRead(user.email) });
    expect(found.first).toEqual(user);
    expect(found.again).toEqual(user);
    const before = subject.batches();
    expect(await subject.reader.load({})).toEqual({});
    expect(subject.batches() - before).toBe(0);
  });

  it('reads nothing for a descriptor without a key, and answers the value it holds', async () => {
    const user = aUser();
    await subject.put(userToItem(user));
    const held = { fromItem: () => 'held by the container' };
    let before = subject.batches();
    expect(await subject.reader.load({ held })).toEqual({ held: 'held by the container' });
    expect(subject.batches() - before).toBe(0);
    before = subject.batches();
    expect(await subject.reader.load({ held, who: userRead(user.email) })).toEqual({ held: 'held by the container', who: user });
    expect(subject.batches() - before).toBe(1);
  });

  it('hands each caller its own copy: changing a result changes nothing stored', async () => {
    const user = aUser();
    await subject.put(userToItem(user));
    const first = await subject.reader.load({ who: userRead(user.email) });
    (first.who!.scopes as string[]).push('admin');
    const again = await subject.reader.load({ who: userRead(user.email) });
    expect(again.who?.scopes).toEqual(['read']);
  });
});
