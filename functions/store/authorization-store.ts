import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { AuthorizationCode, AuthorizationStore, Consent, Authorization, RefreshToken, Session } from '../oauth/ports.js';
import { codeToItem, UNCONSUMED } from './codes.js';
import { rememberConsentUpdate } from './consents.js';
import { type TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import { grantToItem, refreshToItem } from './items.js';
import { keys } from './keys.js';
import { sessionToItem } from './sessions.js';

const NEW = 'attribute_not_exists(pk)';

/** The writes of the authorization-code flow: codes, their redemption, sessions, consents. */
export class DynamoAuthorizationStore implements AuthorizationStore {
  constructor(private readonly table: TableRef) {}

  async saveCode(code: AuthorizationCode, remember?: Consent): Promise<void> {
    const T = this.table.tableName;
    const put = { TableName: T, Item: codeToItem(code), ConditionExpression: NEW };
    if (!remember) {
      await this.table.doc.send(new PutCommand(put));
      return;
    }
    await this.table.doc.send(
      new TransactWriteCommand({ TransactItems: [{ Put: put }, { Update: rememberConsentUpdate(T, remember) }] }),
    );
  }

  async redeemCode(code: AuthorizationCode, grant: Authorization, refresh: RefreshToken): Promise<boolean> {
    const T = this.table.tableName;
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T,
                Key: keys.authCode(code.digest),
                UpdateExpression: 'SET consumedAt = :now, grantId = :grant',
                ConditionExpression: UNCONSUMED,
                ExpressionAttributeValues: { ':now': grant.createdAt, ':grant': grant.id },
              },
            },
            { Put: { TableName: T, Item: grantToItem(grant), ConditionExpression: NEW } },
            { Put: { TableName: T, Item: refreshToItem(refresh), ConditionExpression: NEW } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markCodeReplayed(digest: string): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.authCode(digest),
            UpdateExpression: 'SET replayedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':now': nowSeconds() },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes?.grantId as string | undefined;
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'ConditionalCheckFailedException') return undefined;
        // The winning redemption's transaction still holds the item: wait for it to settle,
        // so its grant id can be read and revoked.
        if (name !== 'TransactionConflictException' || attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      }
    }
  }

  async createSession(session: Session): Promise<void> {
    await this.table.doc.send(
      new PutCommand({ TableName: this.table.tableName, Item: sessionToItem(session), ConditionExpression: NEW }),
    );
  }

  async deleteSession(digest: string): Promise<void> {
    await this.table.doc.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.session(digest) }));
  }
}
