import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Container } from '../../../functions/container.js';
import { KeyLimitError, keys } from '../../../functions/store/keys.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { testContainer } from '../../support/store.js';

/**
 * Issue 10, finding 15: DynamoDB refuses a partition key over 2,048 bytes, a sort key over
 * 1,024 and a lone surrogate in a string. DynamoDB Local refuses the first two with a
 * ValidationException (a 500 once it reaches a handler) and stores the third, so a test against
 * it would pass where AWS fails. The store refuses all three itself, as a client's mistake.
 */
describe('the store’s key guard', () => {
  let deps: Container;
  beforeAll(async () => {
    deps = await testContainer();
  });

  it('DynamoDB Local stores a lone surrogate, in a key or any string, which DynamoDB refuses — so the store checks', async () => {
    const { doc, tableName } = deps.table;
    const key = { pk: 'PROBE#\ud800', sk: 'PROBE' };
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...key, note: 'a\udc00b' } }));
    expect((await doc.send(new GetCommand({ TableName: tableName, Key: key }))).Item).toMatchObject({ note: 'a\udc00b' });
    // Over-long keys it does refuse, but as a ValidationException: a 500, had a handler sent it.
    const long = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: '€'.repeat(700), sk: 'x' } })).catch((e: unknown) => e);
    expect(long).toMatchObject({ name: 'ValidationException' });
  });

  it('refuses a partition key over 2,048 bytes, a sort key over 1,024 and a lone surrogate, before any request', async () => {
    expect(() => keys.user(`${'€'.repeat(700)}@example.com`)).toThrow(KeyLimitError);
    expect(() => keys.client('a'.repeat(2048))).toThrow(KeyLimitError);
    expect(() => keys.consent('u', 'c'.repeat(1020))).toThrow(KeyLimitError);
    expect(() => keys.attempts('account:\ud800@example.com')).toThrow(KeyLimitError);
    expect(keys.client('a'.repeat(2048 - 'CLIENT#'.length))).toMatchObject({ sk: 'CLIENT' });
    expect(keys.user('€'.repeat(300) + '@example.com').pk).toMatch(/^EMAIL#/);
  });

  it('answers a lookup or a write with such a key as a client’s mistake (400 invalid_request), never as a server error', async () => {
    const refused = await deps.users.getByEmail(`${'x'.repeat(2100)}@example.com`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(KeyLimitError);
    expect(refused).toMatchObject({ code: 'invalid_request', status: 400 });
    const lone = await (async () => deps.batch.load({ lone: deps.reads.client('\udc00') }))().catch((error: unknown) => error);
    expect(lone).toMatchObject({ name: 'KeyLimitError', status: 400 });
  });

  it('is reported by the CLI on one line, with a non-zero exit', async () => {
    const env = cliEnv();
    const res = await runConnect(['client:revoke', 'a'.repeat(3000)], env);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/too long or is not valid text/);
    expect(res.stderr).not.toMatch(/unexpected failure/);
  });
});
