import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { Authorization, RefreshToken, TokenStore } from '../oauth/ports.js';
import { type TableRef } from './dynamo.js';
import { conditionalWrite, isConditionFailure } from './errors.js';
import { grantToItem, refreshToItem } from './items.js';
import { ItemType, keys } from './keys.js';

/**
 * The update that revokes a grant. It also drops the grant's gsi1 attributes: the index is
 * sparse, so a user's listings (management API) page through live grants only, however many
 * they have revoked. `condition` narrows it further (the owner, the kind).
 */
export function revokeGrantUpdate(tableName: string, grantId: string, condition?: { expression: string; values: Record<string, unknown> }) {
  return {
    TableName: tableName,
    Key: keys.grant(grantId),
    UpdateExpression: 'SET revoked = :true, revokedAt = :now REMOVE gsi1pk, gsi1sk',
    ConditionExpression: `attribute_exists(pk)${condition ? ` AND ${condition.expression}` : ''}`,
    ExpressionAttributeValues: { ':true': true, ':now': nowSeconds(), ...condition?.values },
  };
}

export class DynamoTokenStore implements TokenStore {
  constructor(private readonly table: TableRef) {}

  async createGrant(grant: Authorization, refresh?: RefreshToken): Promise<void> {
    const putGrant = {
      TableName: this.table.tableName,
      Item: grantToItem(grant),
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if (!refresh) {
      await this.table.doc.send(new PutCommand(putGrant));
      return;
    }
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: putGrant },
          {
            Put: {
              TableName: this.table.tableName,
              Item: refreshToItem(refresh),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async rotateRefresh(current: RefreshToken, next: RefreshToken, options: { graceOf?: number }): Promise<boolean> {
    const now = nowSeconds();
    const T = this.table.tableName;
    // The first rotation claims the token (rotatedAt absent → set). A grace-period retry only
    // checks that the token is still in the rotation it saw, so the grace window never slides.
    const claim =
      options.graceOf === undefined
        ? {
            Update: {
              TableName: T,
              Key: keys.refreshToken(current.digest),
              UpdateExpression: 'SET rotatedAt = :now',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rotatedAt)',
              ExpressionAttributeValues: { ':now': now },
            },
          }
        : {
            ConditionCheck: {
              TableName: T,
              Key: keys.refreshToken(current.digest),
              ConditionExpression: 'rotatedAt = :seen',
              ExpressionAttributeValues: { ':seen': options.graceOf },
            },
          };
    return conditionalWrite(
      this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            claim,
            { Put: { TableName: T, Item: refreshToItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: T,
                Key: keys.grant(current.grantId),
                UpdateExpression: 'SET expiresAt = :exp, #ttl = :exp',
                ConditionExpression: 'attribute_exists(pk) AND revoked = :false',
                ExpressionAttributeNames: { '#ttl': 'ttl' },
                ExpressionAttributeValues: { ':exp': next.expiresAt, ':false': false },
              },
            },
          ],
        }),
      ),
    );
  }

  async revokeGrant(grantId: string): Promise<void> {
    try {
      await this.table.doc.send(new UpdateCommand(revokeGrantUpdate(this.table.tableName, grantId)));
    } catch (error) {
      if (!isConditionFailure(error)) throw error; // an unknown grant has nothing to revoke
    }
  }

  async revokeJti(jti: string, expiresAt: number): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.revokedJti(jti), type: ItemType.revokedJti, jti, expiresAt, ttl: expiresAt },
      }),
    );
  }
}
