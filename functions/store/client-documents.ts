/**
 * Client ID metadata documents cached in the table (SPEC §9), under the key a registered client
 * with that id would have: the batch read that looks for a client finds a cached document in
 * the same BatchGetItem, with no extra read. The item carries its own type and an expiry that
 * every read checks (SPEC §7); once expired it reads as absent and is fetched again.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { ClientDocumentCache } from '../oauth/clients/document-resolver.js';
import type { Client, Read } from '../oauth/ports.js';
import type { TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import { ItemType, keys } from './keys.js';

type Item = Record<string, unknown>;

export function documentToItem(client: Client, expiresAt: number): Item {
  return { ...keys.client(client.id), type: ItemType.clientDocument, ...client, expiresAt, ttl: expiresAt };
}

/**
 * A cached document as a client; undefined once expired. One an administrator revoked
 * (`client:revoke URL`) stays revoked, expired or not: it is not fetched again.
 */
export function itemToDocumentClient(item: Item | undefined, now = nowSeconds()): Client | undefined {
  if (!item || item.type !== ItemType.clientDocument) return undefined;
  const revoked = item.revoked === true;
  if (!revoked && (item.expiresAt as number) <= now) return undefined;
  return {
    id: item.id as string,
    name: item.name as string,
    kind: 'public',
    secrets: [],
    redirectUris: (item.redirectUris as string[]) ?? [],
    grantTypes: (item.grantTypes as Client['grantTypes']) ?? ['authorization_code'],
    scopes: null,
    firstParty: false,
    introspect: false,
    revoked,
    createdAt: item.createdAt as number,
    registeredBy: 'metadata_document',
  };
}

/** The read descriptor of a cached document, by its URL. */
export const clientDocumentRead = (url: string): Read<Client | undefined> => ({ key: keys.client(url), fromItem: (item) => itemToDocumentClient(item) });

export class DynamoClientDocumentCache implements ClientDocumentCache {
  constructor(private readonly table: TableRef) {}

  async save(client: Client, expiresAt: number): Promise<void> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: documentToItem(client, expiresAt),
          // Never over a registered client, nor over a document an administrator revoked.
          ConditionExpression: 'attribute_not_exists(pk) OR (#type = :document AND revoked <> :true)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':document': ItemType.clientDocument, ':true': true },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
