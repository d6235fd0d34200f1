/**
 * Dynamic client registration's storage (RFC 7591): initial access tokens by SHA-256 digest,
 * with an expiry every read checks (SPEC §7), read with the scope catalogue in one batch.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { RegistrationStore, RegistrationToken } from '../oauth/clients/registration-ports.js';
import type { BatchReader, Read } from '../oauth/ports.js';
import { DynamoBatchReader } from './batch-read.js';
import type { TableRef } from './dynamo.js';
import { isLive } from './expiry.js';
import { ItemType, keys } from './keys.js';
import { catalogueRead } from './scopes.js';

type Item = Record<string, unknown>;

export function itemToRegistrationToken(item: Item | undefined, now = nowSeconds()): RegistrationToken | undefined {
  if (!isLive(item, ItemType.registrationToken, now)) return undefined;
  return { digest: item.digest as string, createdAt: item.createdAt as number, expiresAt: item.expiresAt as number };
}

/** The batch's read descriptor of an initial access token, by the SHA-256 of the token. */
export const registrationTokenRead = (digest: string): Read<RegistrationToken | undefined> => ({
  key: keys.registrationToken(digest),
  fromItem: (item) => itemToRegistrationToken(item),
});

export class DynamoRegistrationStore implements RegistrationStore {
  constructor(
    private readonly table: TableRef,
    private readonly batch: BatchReader = new DynamoBatchReader(table),
  ) {}

  async context(tokenDigest?: string) {
    if (tokenDigest === undefined) return this.batch.load({ catalogue: catalogueRead() });
    const found = await this.batch.load({ catalogue: catalogueRead(), token: registrationTokenRead(tokenDigest) });
    return { catalogue: found.catalogue, ...(found.token ? { token: found.token } : {}) };
  }

  async createToken(token: RegistrationToken): Promise<void> {
    await this.table.doc.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.registrationToken(token.digest), type: ItemType.registrationToken, ...token, ttl: token.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
}
