import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { AttemptCounter, Authorization, BatchReader, Client, Read, RefreshToken, ScopeCatalogue, Snapshot, SnapshotRequest, TokenStore } from '../oauth/ports.js';
import { DynamoBatchReader } from './batch-read.js';
import { type TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import { clientRead, grantRead, grantToItem, refreshRead, refreshToItem, revokedJtiRead, userRead } from './items.js';
import { ItemType, keys } from './keys.js';
import { catalogueFromItem, catalogueRead } from './scopes.js';
import { codeRead } from './codes.js';
import { consentRead } from './consents.js';
import { sessionRead } from './sessions.js';
import { attemptsRead } from './attempts.js';
import { CatalogueCache } from './catalogue-cache.js';

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
    private readonly batch: BatchReader = new DynamoBatchReader(table),
  ) {}

  /**
   * The request's reads as named descriptors (each store module exports its own), fetched by
   * the batch port in one BatchGetItem; the catalogue comes from the per-container cache when
   * the cached copy knows every scope the request names.
   */
  async load(request: SnapshotRequest): Promise<Snapshot> {
    const reads: Record<string, Read<unknown>> = {};
    for (const id of request.clientIds ?? []) reads[`client:${id}`] = clientRead(id);
    for (const id of request.grantIds ?? []) reads[`grants:${id}`] = grantRead(id);
    for (const id of request.attempts ?? []) reads[`attempts:${id}`] = attemptsRead(id);
    if (request.userEmail !== undefined) reads.user = userRead(request.userEmail);
    if (request.grantId !== undefined) reads.grant = grantRead(request.grantId);
    if (request.refreshDigest !== undefined) reads.refresh = refreshRead(request.refreshDigest);
    if (request.revokedJti !== undefined) reads.jtiRevoked = revokedJtiRead(request.revokedJti);
    const cached = request.catalogue ? this.catalogueCache.get() : undefined;
    const cachedCatalogue = cached && (request.scopeNames ?? []).every((name) => cached.has(name)) ? cached : undefined;
    if (request.catalogue && !cachedCatalogue) reads.catalogue = catalogueRead();
    if (request.codeDigest !== undefined) reads.code = codeRead(request.codeDigest);
    if (request.sessionDigest !== undefined) reads.session = sessionRead(request.sessionDigest);
    if (request.consent !== undefined) reads.consent = consentRead(request.consent.userId, request.consent.clientId);

    const found: Record<string, unknown> = await this.batch.load(reads);
    const byId = <T>(prefix: string, ids: readonly string[] = []) => {
      const map = new Map<string, T>();
      for (const id of ids) {
        const value = found[`${prefix}:${id}`] as T | undefined;
        if (value) map.set(id, value);
      }
      return map;
    };
    const present = <K extends string>(name: K) => (found[name] !== undefined ? { [name]: found[name] } : {}) as Partial<Snapshot>;
    return {
      clients: byId<Client>('client', request.clientIds),
      ...(request.grantIds ? { grants: byId<Authorization>('grants', request.grantIds) } : {}),
      ...(request.attempts ? { attempts: byId<AttemptCounter>('attempts', request.attempts) } : {}),
      ...present('user'),
      ...present('grant'),
      ...present('refresh'),
      ...present('code'),
      ...present('session'),
      ...present('consent'),
      jtiRevoked: found.jtiRevoked === true,
      catalogue: cachedCatalogue ?? this.readCatalogue(request.catalogue === true, found.catalogue as ScopeCatalogue | undefined),
    };
  }

  private readCatalogue(asked: boolean, read: ScopeCatalogue | undefined): ScopeCatalogue {
    const catalogue = read ?? catalogueFromItem(undefined);
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
