/**
 * A redemption in one transaction: the conditional update that spends what is redeemed (an
 * authorization code, RFC 6749 §4.1.2; a device code, RFC 8628 §3.5) beside the grant and its
 * first refresh token as new items. A lost race writes nothing and answers false.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Authorization, RefreshToken } from '../oauth/ports.js';
import type { TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { grantToItem, refreshToItem } from './items.js';
import type { Key } from './keys.js';

/** The spent item, the condition that it is still redeemable, and that condition's own names and values. */
export interface Spend {
  readonly Key: Key;
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/** Marks the item consumed at `at`, naming the grant it became, and writes the grant and its refresh token. */
export function redeemInto(table: TableRef, spend: Spend, grant: Authorization, refresh: RefreshToken, at: number): Promise<boolean> {
  const T = table.tableName;
  return conditionalWrite(
    table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: T,
              ...spend,
              UpdateExpression: 'SET consumedAt = :at, grantId = :grant',
              ExpressionAttributeValues: { ...spend.ExpressionAttributeValues, ':at': at, ':grant': grant.id },
            },
          },
          { Put: { TableName: T, Item: grantToItem(grant), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: T, Item: refreshToItem(refresh), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    ),
  );
}
