import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { User, UserRepository } from '../oauth/ports.js';
import { queryListing, type TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { itemToUser, userToItem } from './items.js';
import { byUser, keys, listing } from './keys.js';
import { GSI_BY_USER } from './schema.js';

export class DynamoUserRepository implements UserRepository {
  constructor(private readonly table: TableRef) {}

  async getByEmail(email: string): Promise<User | undefined> {
    const out = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.user(email), ConsistentRead: true }),
    );
    return itemToUser(out.Item);
  }

  async getById(id: string): Promise<User | undefined> {
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: GSI_BY_USER,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
        ExpressionAttributeValues: { ':pk': byUser.pk(id), ':sk': byUser.profile },
      }),
    );
    return itemToUser(out.Items?.[0]);
  }

  list(): Promise<User[]> {
    return queryListing(this.table, listing.users, itemToUser);
  }

  async create(user: User): Promise<boolean> {
    return conditionalWrite(
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: userToItem(user),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }
}
