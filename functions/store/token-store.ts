import { BatchGetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { AttemptCounter, Authorization, RefreshToken, ScopeCatalogue, Snapshot, SnapshotRequest, TokenStore } from '../oauth/ports.js';
import { type TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import {
  grantToItem,
  isLiveRevocation,
  itemToClient,
  itemToGrant,
  itemToRefresh,
  itemToUser,
  refreshToItem,
} from './items.js';
import { ItemType, keys, type Key } from './keys.js';
import { catalogueFromItem } from './scopes.js';
import { itemToCode } from './codes.js';
import { itemToConsent } from './consents.js';
import { itemToSession } from './sessions.js';
import { itemToAttempts } from './attempts.js';
import { CatalogueCache } from './catalogue-cache.js';

type Item = Record<string, unknown>;

/** Reads many items in one BatchGetItem, strongly consistent, retrying unprocessed keys. */
export async function batchGet(table: TableRef, wanted: Key[]): Promise<Map<string, Item>> {
  const unique = new Map(wanted.map((k) => [`${k.pk}|${k.sk}`, k]));
  const found = new Map<string, Item>();
  let pending: Record<string, unknown>[] = [...unique.values()].map((k) => ({ pk: k.pk, sk: k.sk }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
    if (attempt > 5) throw new Error('BatchGetItem left keys unprocessed after retries');
    const out = await table.doc.send(
      new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[table.tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = (out.UnprocessedKeys?.[table.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return found;
}

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
  constructor(
    private readonly table: TableRef,
    private readonly catalogueCache: CatalogueCache = new CatalogueCache(),
  ) {}

  async load(request: SnapshotRequest): Promise<Snapshot> {
    const wanted: Key[] = [];
    const clientKeys = (request.clientIds ?? []).map((id) => keys.client(id));
    wanted.push(...clientKeys);
    if (request.userEmail !== undefined) wanted.push(keys.user(request.userEmail));
    if (request.grantId !== undefined) wanted.push(keys.grant(request.grantId));
    for (const id of request.grantIds ?? []) wanted.push(keys.grant(id));
    if (request.refreshDigest !== undefined) wanted.push(keys.refreshToken(request.refreshDigest));
    if (request.revokedJti !== undefined) wanted.push(keys.revokedJti(request.revokedJti));
    const cached = request.catalogue ? this.catalogueCache.get() : undefined;
    const cachedCatalogue = cached && (request.scopeNames ?? []).every((name) => cached.has(name)) ? cached : undefined;
    if (request.catalogue && !cachedCatalogue) wanted.push(keys.scopeCatalogue());
    if (request.codeDigest !== undefined) wanted.push(keys.authCode(request.codeDigest));
    if (request.sessionDigest !== undefined) wanted.push(keys.session(request.sessionDigest));
    if (request.consent !== undefined) wanted.push(keys.consent(request.consent.userId, request.consent.clientId));
    for (const id of request.attempts ?? []) wanted.push(keys.attempts(id));

    const items = wanted.length > 0 ? await batchGet(this.table, wanted) : new Map<string, Item>();
    const at = (k: Key) => items.get(`${k.pk}|${k.sk}`);

    const clients = new Map();
    for (const id of request.clientIds ?? []) {
      const client = itemToClient(at(keys.client(id)));
      if (client) clients.set(id, client);
    }
    const user = request.userEmail !== undefined ? itemToUser(at(keys.user(request.userEmail))) : undefined;
    const grant = request.grantId !== undefined ? itemToGrant(at(keys.grant(request.grantId))) : undefined;
    const grants = new Map<string, Authorization>();
    for (const id of request.grantIds ?? []) {
      const found = itemToGrant(at(keys.grant(id)));
      if (found) grants.set(id, found);
    }
    const refresh =
      request.refreshDigest !== undefined ? itemToRefresh(at(keys.refreshToken(request.refreshDigest))) : undefined;
    const code = request.codeDigest !== undefined ? itemToCode(at(keys.authCode(request.codeDigest))) : undefined;
    const session =
      request.sessionDigest !== undefined ? itemToSession(at(keys.session(request.sessionDigest))) : undefined;
    const consent = request.consent
      ? itemToConsent(at(keys.consent(request.consent.userId, request.consent.clientId)))
      : undefined;
    const attempts = new Map<string, AttemptCounter>();
    for (const id of request.attempts ?? []) {
      const counter = itemToAttempts(at(keys.attempts(id)));
      if (counter) attempts.set(id, counter);
    }
    return {
      clients,
      ...(request.grantIds ? { grants } : {}),
      ...(request.attempts ? { attempts } : {}),
      ...(user ? { user } : {}),
      ...(grant ? { grant } : {}),
      ...(refresh ? { refresh } : {}),
      ...(code ? { code } : {}),
      ...(session ? { session } : {}),
      ...(consent ? { consent } : {}),
      jtiRevoked: request.revokedJti !== undefined && isLiveRevocation(at(keys.revokedJti(request.revokedJti))),
      catalogue: cachedCatalogue ?? this.readCatalogue(request.catalogue === true, at(keys.scopeCatalogue())),
    };
  }

  private readCatalogue(asked: boolean, item: Item | undefined): ScopeCatalogue {
    const catalogue = catalogueFromItem(item);
    if (asked) this.catalogueCache.set(catalogue);
    return catalogue;
  }

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
    try {
      await this.table.doc.send(
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
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
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
