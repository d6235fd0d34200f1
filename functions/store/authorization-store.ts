import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { AuthorizationCode, AuthorizationStore, Consent, Authorization, RefreshToken, Session } from '../oauth/ports.js';
import { codeToItem, UNCONSUMED } from './codes.js';
import { rememberConsentUpdate } from './consents.js';
import { type TableRef } from './dynamo.js';
import { keys } from './keys.js';
import { redeemInto } from './redemption.js';
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

  redeemCode(code: AuthorizationCode, grant: Authorization, refresh: RefreshToken): Promise<boolean> {
    return redeemInto(this.table, { Key: keys.authCode(code.digest), ConditionExpression: UNCONSUMED }, grant, refresh, grant.createdAt);
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
