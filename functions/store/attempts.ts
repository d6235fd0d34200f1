import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttemptCounter, AttemptStore } from '../oauth/ports.js';
import { isConditionFailure, type TableRef } from './dynamo.js';
import { ItemType, keys } from './keys.js';

const now = () => Math.floor(Date.now() / 1000);

export function itemToAttempts(item: Record<string, unknown> | undefined): AttemptCounter | undefined {
  if (!item || item.type !== ItemType.attempts || (item.expiresAt as number) <= now()) return undefined;
  return {
    id: item.id as string,
    failures: (item.failures as number) ?? 0,
    lockedUntil: (item.lockedUntil as number) ?? 0,
    expiresAt: item.expiresAt as number,
  };
}

/** Failed sign-in counters: TTL items, counted with atomic writes so parallel guesses all count. */
export class DynamoAttemptStore implements AttemptStore {
  constructor(private readonly table: TableRef) {}

  async recordFailure(id: string, windowSeconds: number): Promise<number> {
    const at = now();
    const expiresAt = at + windowSeconds;
    try {
      // A first failure, or one after the window lapsed (TTL deletes late): a fresh count.
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.attempts(id), type: ItemType.attempts, id, failures: 1, lockedUntil: 0, expiresAt, ttl: expiresAt },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': at },
        }),
      );
      return 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const out = await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.attempts(id),
        UpdateExpression: 'ADD failures :one SET expiresAt = :exp, #ttl = :exp',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':exp': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes?.failures as number) ?? 1;
  }

  async lock(id: string, until: number): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.attempts(id),
        // The lock never outlasts the window (both at most 15 min), which the failure just renewed.
        UpdateExpression: 'SET lockedUntil = :until',
        ExpressionAttributeValues: { ':until': until },
      }),
    );
  }

  async reset(id: string): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.attempts(id) }));
  }
}
