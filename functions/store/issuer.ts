import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { IssuerRegistry } from '../oauth/ports.js';
import { type TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { ItemType, keys } from './keys.js';

/**
 * The issuer the server runs under, recorded in its table (SPEC §6) so that the admin CLI,
 * which writes to the same table, mints personal access tokens whose `iss` that server accepts.
 */
export class DynamoIssuerRegistry implements IssuerRegistry {
  constructor(private readonly table: TableRef) {}

  async recorded(): Promise<string | undefined> {
    const out = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: keys.issuer(), ConsistentRead: true }));
    return out.Item?.type === ItemType.issuer && typeof out.Item.issuer === 'string' ? out.Item.issuer : undefined;
  }

  /** One conditional put: it writes only when the recorded issuer is missing or different. */
  async record(issuer: string): Promise<boolean> {
    return conditionalWrite(
      this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.issuer(), type: ItemType.issuer, issuer, recordedAt: nowSeconds() },
          ConditionExpression: 'attribute_not_exists(pk) OR #issuer <> :issuer',
          ExpressionAttributeNames: { '#issuer': 'issuer' },
          ExpressionAttributeValues: { ':issuer': issuer },
        }),
      ),
    );
  }
}
