import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { SigningKey, SigningKeyRepository } from '../oauth/ports.js';
import { type TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { itemToSigningKey, signingKeyToItem } from './items.js';
import { ItemType, keys } from './keys.js';

export class DynamoSigningKeyRepository implements SigningKeyRepository {
  constructor(private readonly table: TableRef) {}

  async list(): Promise<SigningKey[]> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.signingKeyPartition, ':prefix': 'KEY#' },
        ConsistentRead: true,
      }),
    );
    const now = nowSeconds();
    return (out.Items ?? [])
      .map(itemToSigningKey)
      .filter((k): k is SigningKey => !!k && (k.retireAt === undefined || k.retireAt > now))
      .sort((a, b) => b.createdAt - a.createdAt || b.activeFrom - a.activeFrom);
  }

  async add(key: SigningKey, retire: { kid: string; retireAt: number }[]): Promise<void> {
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table.tableName,
              Item: signingKeyToItem(key),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...retire.map((r) => ({
            Update: {
              TableName: this.table.tableName,
              Key: keys.signingKey(r.kid),
              UpdateExpression: 'SET retireAt = :at',
              ExpressionAttributeValues: { ':at': r.retireAt },
            },
          })),
        ],
      }),
    );
  }

  /**
   * Stores the very first key, once: of two cold starts racing on an empty table, one wins and
   * the other uses its key. Returns false when a first key already exists.
   */
  async addFirst(key: SigningKey): Promise<boolean> {
    return conditionalWrite(
      this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.signingKeyBootstrap(), type: ItemType.bootstrap, kid: key.kid },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.table.tableName, Item: signingKeyToItem(key) } },
          ],
        }),
      ),
    );
  }
}

