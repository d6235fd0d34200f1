import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { creationStamp } from '../clock.js';
import type { AccountStore, Client, Authorization, ListPage, PageRequest } from '../oauth/ports.js';
import { type TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import { itemToClient, itemToGrant } from './items.js';
import { byUser, fitsKey, keys } from './keys.js';
import { GSI_BY_USER } from './schema.js';
import { revokeGrantUpdate } from './token-store.js';

type Item = Record<string, unknown>;

/**
 * Queries of one page may skip items that expired but are not yet deleted by TTL; a page is
 * filled from at most this many Query calls, and otherwise comes back short, with a cursor.
 * The first asks for exactly what the page needs; once items were skipped, each asks for more
 * (from SKIP_READ, doubling), so a run of expired items costs a few calls, not one per item.
 */
const MAX_QUERIES_PER_PAGE = 5;
const SKIP_READ = 100;

interface Listing<T> {
  readonly prefix: string;
  /** The table key of this listing's items, to check a cursor against. */
  readonly sk: string;
  readonly pkPrefix: string;
  readonly toDomain: (item: Item) => T | undefined;
  readonly live: (value: T) => boolean;
}

/**
 * A user's own things, through gsi1 (`USER#<id>`): one index partition, newest first, a page
 * at a time. Revoked clients and grants drop their gsi1 attributes (the index is sparse), so
 * they cost nothing here; grants past their expiry wait for TTL and are skipped.
 */
export class DynamoAccountStore implements AccountStore {
  constructor(private readonly table: TableRef) {}

  clients(userId: string, page: PageRequest): Promise<ListPage<Client> | undefined> {
    return this.page(userId, page, {
      prefix: byUser.clientPrefix,
      sk: keys.client('').sk,
      pkPrefix: keys.client('').pk,
      toDomain: itemToClient,
      live: (client) => !client.revoked,
    });
  }

  grants(userId: string, kind: Authorization['kind'], page: PageRequest): Promise<ListPage<Authorization> | undefined> {
    return this.page(userId, page, {
      prefix: byUser.grantPrefix(kind),
      sk: keys.grant('').sk,
      pkPrefix: keys.grant('').pk,
      toDomain: itemToGrant, // undefined once expired
      live: (grant) => !grant.revoked && grant.kind === kind,
    });
  }

  async revokeGrant(grant: Authorization, userId: string, options: { readonly forgetConsent: boolean }): Promise<boolean> {
    const T = this.table.tableName;
    const update = revokeGrantUpdate(T, grant.id, {
      expression: 'userId = :user AND kind = :kind AND revoked = :false',
      values: { ':user': userId, ':kind': grant.kind, ':false': false },
    });
    try {
      if (!options.forgetConsent) {
        await this.table.doc.send(new UpdateCommand(update));
      } else {
        await this.table.doc.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: update }, { Delete: { TableName: T, Key: keys.consent(userId, grant.clientId) } }],
          }),
        );
      }
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async updateClient(
    id: string,
    userId: string,
    changes: { readonly name: string; readonly redirectUris: readonly string[] },
  ): Promise<Client | undefined> {
    try {
      const out = await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.client(id),
          UpdateExpression: 'SET #name = :name, redirectUris = :uris, updatedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND userId = :user AND revoked = :false',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': changes.name,
            ':uris': [...changes.redirectUris],
            ':now': creationStamp(), // as precise as the client's createdAt, so updated ≥ created
            ':user': userId,
            ':false': false,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return itemToClient(out.Attributes);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Reads `limit + 1` live items (so the last page is known to be the last), in as few Query
   * calls as the skipped expired items allow; what was read beyond the page is dropped. The cursor is the table and index key of the
   * page's last item; the partition always comes from the caller, never from the cursor.
   */
  private async page<T>(userId: string, page: PageRequest, listing: Listing<T>): Promise<ListPage<T> | undefined> {
    let start: Item | undefined;
    if (page.cursor !== undefined) {
      start = decodeCursor(page.cursor, listing);
      if (!start) return undefined;
      start = { ...start, gsi1pk: byUser.pk(userId) };
    }
    const found: { value: T; key: Item }[] = [];
    for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
      const out = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: GSI_BY_USER,
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': byUser.pk(userId), ':prefix': listing.prefix },
          ScanIndexForward: false,
          Limit: queries === 0 ? page.limit + 1 : Math.max(page.limit + 1 - found.length, SKIP_READ * 2 ** (queries - 1)),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        const value = listing.toDomain(item);
        if (value !== undefined && listing.live(value)) found.push({ value, key: item });
      }
      start = out.LastEvaluatedKey;
      if (found.length > page.limit) {
        const last = found[page.limit - 1]!.key;
        return { items: found.slice(0, page.limit).map((f) => f.value), next: encodeCursor(last) };
      }
      if (!start) return { items: found.map((f) => f.value) };
    }
    // Many expired items in a row: a short page, and the cursor where the reading stopped.
    return { items: found.map((f) => f.value), next: encodeCursor(start!) };
  }
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify([key.pk, key.sk, key.gsi1sk])).toString('base64url');
}

function decodeCursor(cursor: string, listing: Pick<Listing<unknown>, 'prefix' | 'sk' | 'pkPrefix'>): Item | undefined {
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string' && part !== '')) {
    return undefined;
  }
  const [pk, sk, gsi1sk] = parsed as [string, string, string];
  if (sk !== listing.sk || !pk.startsWith(listing.pkPrefix) || !gsi1sk.startsWith(listing.prefix)) return undefined;
  // An index key DynamoDB would refuse (over its byte limit, a lone surrogate) is no cursor of ours.
  if (!fitsKey(pk, 'pk') || !fitsKey(gsi1sk, 'sk')) return undefined;
  return { pk, sk, gsi1sk };
}
