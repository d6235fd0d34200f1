import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { Client, ClientRepository, ClientSecret } from '../oauth/ports.js';
import { queryListing, type TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { clientToItem, itemToClient } from './items.js';
import { keys, listing } from './keys.js';

export class DynamoClientRepository implements ClientRepository {
  constructor(private readonly table: TableRef) {}

  async get(id: string): Promise<Client | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.client(id), ConsistentRead: true }),
    );
    return itemToClient(out.Item);
  }

  async create(client: Client): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: clientToItem(client),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(): Promise<Client[]> {
    const all = [
      ...(await this.queryListing(listing.clients, true)),
      ...(await this.queryListing(listing.personalClients, true)),
    ];
    return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async revoke(id: string, ownerId?: string): Promise<boolean> {
    // The owner's listing (gsi1) is sparse: a revoked client leaves it; the admin listing keeps it.
    const owned = ownerId !== undefined ? ' AND userId = :owner AND revoked = :false' : '';
    return conditionalWrite(
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.client(id),
          UpdateExpression: 'SET revoked = :true, revokedAt = :now REMOVE gsi1pk, gsi1sk',
          ConditionExpression: `attribute_exists(pk)${owned}`,
          ExpressionAttributeValues: {
            ':true': true,
            ':now': nowSeconds(),
            ...(ownerId !== undefined ? { ':owner': ownerId, ':false': false } : {}),
          },
        }),
      ),
    );
  }

  async replaceSecrets(id: string, expected: readonly ClientSecret[], secrets: readonly ClientSecret[]): Promise<boolean> {
    return conditionalWrite(
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.client(id),
          UpdateExpression: 'SET secrets = :next',
          // Compare-and-set on the whole list: a concurrent rotation cannot be lost.
          ConditionExpression: 'attribute_exists(pk) AND secrets = :expected',
          ExpressionAttributeValues: { ':next': secrets, ':expected': expected },
        }),
      ),
    );
  }

  /** The raw secrets list, expired entries included: what replaceSecrets compares against. */
  async rawSecrets(id: string): Promise<ClientSecret[] | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.client(id), ConsistentRead: true }),
    );
    return out.Item ? ((out.Item.secrets as ClientSecret[]) ?? []) : undefined;
  }

  async newestPersonalClient(): Promise<Client | undefined> {
    const clients = await this.queryListing(listing.personalClients, false);
    return clients.find((c) => !c.revoked);
  }

  private queryListing(partition: string, ascending: boolean): Promise<Client[]> {
    return queryListing(this.table, partition, itemToClient, { ascending });
  }
}
