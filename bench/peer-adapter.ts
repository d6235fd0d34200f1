/**
 * node-oidc-provider's adapter interface (its lib/adapters/memory_adapter.js documents it) on
 * the AWS SDK document client: the fair peer of bench/peer.ts keeps its clients and tokens in
 * DynamoDB Local as Connect does, one item per model instance, strongly consistent reads.
 * Only what the benchmark exercises needs to be fast; the rest is complete but plain.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Payload = Record<string, unknown>;

export function dynamoAdapter(doc: DynamoDBDocumentClient, tableName: string) {
  return class DynamoAdapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return { pk: `${this.model}#${id}`, sk: this.model };
    }

    async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
      const ttl = expiresIn ? Math.floor(Date.now() / 1000) + expiresIn : undefined;
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...this.key(id),
            payload,
            ...(ttl ? { ttl } : {}),
            ...(payload.grantId ? { gsi1pk: `grant#${payload.grantId}`, gsi1sk: `${this.model}#${id}` } : {}),
          },
        }),
      );
      // Secondary lookups (sessions by uid, device codes by user code): a pointer item each.
      for (const [attribute, value] of [['uid', payload.uid], ['userCode', payload.userCode]] as const) {
        if (typeof value !== 'string') continue;
        await doc.send(
          new PutCommand({ TableName: tableName, Item: { pk: `${this.model}#${attribute}#${value}`, sk: 'pointer', id, ...(ttl ? { ttl } : {}) } }),
        );
      }
    }

    async find(id: string): Promise<Payload | undefined> {
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: this.key(id), ConsistentRead: true }));
      const item = out.Item;
      if (!item || (typeof item.ttl === 'number' && item.ttl <= Math.floor(Date.now() / 1000))) return undefined;
      return { ...(item.payload as Payload), ...(item.consumed ? { consumed: item.consumed } : {}) };
    }

    async findByUid(uid: string): Promise<Payload | undefined> {
      return this.findBy('uid', uid);
    }

    async findByUserCode(userCode: string): Promise<Payload | undefined> {
      return this.findBy('userCode', userCode);
    }

    async consume(id: string): Promise<void> {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: this.key(id),
          UpdateExpression: 'SET consumed = :now',
          ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
        }),
      );
    }

    async destroy(id: string): Promise<void> {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: this.key(id) }));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const out = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :g',
          ExpressionAttributeValues: { ':g': `grant#${grantId}` },
        }),
      );
      for (const item of out.Items ?? []) {
        await doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
      }
    }

    /** Rare lookups (sessions, device codes), never on the benchmark's path: through the pointer item. */
    private async findBy(attribute: string, value: string): Promise<Payload | undefined> {
      const key = { pk: `${this.model}#${attribute}#${value}`, sk: 'pointer' };
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      return out.Item ? this.find(String(out.Item.id)) : undefined;
    }
  };
}
