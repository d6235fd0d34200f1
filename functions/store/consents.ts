/**
 * Remembered consents: one item per user and client (`USER#<id>` / `CONSENT#<client>`, so the
 * management API can list a user's consents with one Query). The approved scopes are a
 * DynamoDB string set, so a new approval adds to them atomically, without a read.
 */
import type { Consent } from '../oauth/ports.js';
import type { Read } from '../oauth/ports.js';
import { ItemType, keys } from './keys.js';

type Item = Record<string, unknown>;

export function itemToConsent(item: Item | undefined): Consent | undefined {
  if (!item || item.type !== ItemType.consent) return undefined;
  const scopes = item.scopes instanceof Set ? [...(item.scopes as Set<string>)] : [];
  return {
    userId: item.userId as string,
    clientId: item.clientId as string,
    scopes: scopes.sort(),
    updatedAt: item.updatedAt as number,
  };
}

/** The Update (for a transaction) that records an approval. A set cannot be empty: no ADD then. */
export function rememberConsentUpdate(tableName: string, consent: Consent) {
  const add = consent.scopes.length > 0;
  return {
    TableName: tableName,
    Key: keys.consent(consent.userId, consent.clientId),
    UpdateExpression:
      'SET #type = :type, userId = :user, clientId = :client, updatedAt = :now, createdAt = if_not_exists(createdAt, :now)' +
      (add ? ' ADD scopes :scopes' : ''),
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': ItemType.consent,
      ':user': consent.userId,
      ':client': consent.clientId,
      ':now': consent.updatedAt,
      ...(add ? { ':scopes': new Set(consent.scopes) } : {}),
    },
  };
}

/** The batch's read descriptor of the consent a user gave a client. */
export const consentRead = (userId: string, clientId: string): Read<Consent | undefined> => ({ key: keys.consent(userId, clientId), fromItem: itemToConsent });
