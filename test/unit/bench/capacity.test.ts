import { describe, expect, it } from 'vitest';
import { CapacityModel, itemSize } from '../../../bench/capacity.js';

const T = 'connect';
const item = (pk: string, bytes: number, extra: Record<string, unknown> = {}) => ({
  pk,
  sk: 'X',
  // 'pk'+value, 'sk'+'X', 'pad'+padding: sized to `bytes` in total
  pad: 'x'.repeat(bytes - (2 + pk.length) - 3 - 3),
  ...extra,
});

describe('capacity units by the DynamoDB rules', () => {
  it('sizes an item as its attribute names plus values', () => {
    expect(itemSize({ pk: 'ab', n: 12345, ok: true })).toBe(2 + 2 + 1 + 4 + 2 + 1);
    expect(itemSize(item('a', 1000))).toBe(1000);
  });

  it('charges a strongly consistent batch read per item rounded up to 4 KB, absent items included', () => {
    const model = new CapacityModel();
    const units = model.units(
      'BatchGetItem',
      { RequestItems: { [T]: { Keys: [{ pk: 'a', sk: 'X' }, { pk: 'b', sk: 'X' }, { pk: 'gone', sk: 'X' }], ConsistentRead: true } } },
      { Responses: { [T]: [item('a', 100), item('b', 5000)] } },
    );
    expect(units).toBe(1 + 2 + 1);
  });

  it('charges a Query on its total size, half for an eventually consistent GSI query, at least one unit', () => {
    const model = new CapacityModel();
    expect(model.units('Query', { ConsistentRead: true }, { Items: [item('a', 3000), item('b', 3000)] })).toBe(2);
    expect(model.units('Query', { IndexName: 'gsi1' }, { Items: [item('c', 300)] })).toBe(0.5);
    expect(model.units('Query', { ConsistentRead: true }, { Items: [] })).toBe(1);
  });

  it('doubles transactional writes, a ConditionCheck included, and adds one write per GSI entry', () => {
    const model = new CapacityModel();
    const grant = item('GRANT#1', 400, { gsi1pk: 'USER#1', gsi1sk: 'GRANT#1' });
    const units = model.units(
      'TransactWriteItems',
      {
        TransactItems: [
          { Put: { TableName: T, Item: grant } },
          { Put: { TableName: T, Item: item('REFRESH#1', 1500) } },
          { ConditionCheck: { TableName: T, Key: { pk: 'CODE#1', sk: 'X' } } },
        ],
      },
      {},
    );
    expect(units).toBe(2 * 1 + 1 + 2 * 2 + 2 * 1);
  });

  it('charges an update by the larger of the item before and after', () => {
    const model = new CapacityModel();
    model.units('GetItem', { ConsistentRead: true }, { Item: item('a', 1000) });
    const units = model.units(
      'UpdateItem',
      { Key: { pk: 'a', sk: 'X' }, UpdateExpression: 'SET #n = :v', ExpressionAttributeNames: { '#n': 'note' }, ExpressionAttributeValues: { ':v': 'y'.repeat(100) } },
      {},
    );
    expect(units).toBe(2); // 1000 bytes before, 1104 after
  });
});
