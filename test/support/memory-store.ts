import { nowSeconds } from '../../functions/clock.js';
import type { AttemptStore, Authorization, AuthorizationCode, AuthorizationStore, BatchReader, Consent, ReadCatalog, ReadPorts, ReadResults, Reads, RefreshToken, Session, TokenStore } from '../../functions/oauth/ports.js';
import { PENDING_SECONDS } from '../../functions/store/attempts.js';
import { CatalogueCache } from '../../functions/store/catalogue-cache.js';
import { codeToItem } from '../../functions/store/codes.js';
import { sessionToItem } from '../../functions/store/sessions.js';
import { grantToItem, refreshToItem } from '../../functions/store/items.js';
import { ItemType, keys, type Key } from '../../functions/store/keys.js';
import { readCatalog } from '../../functions/store/read-catalog.js';

type Item = Record<string, unknown>;

/**
 * An in-memory adapter of the batch read port (oauth/ports.ts `BatchReader`), held to the
 * DynamoDB one by test/contract/batch-reader.contract.test.ts. It lives in test/support, not
 * functions/: nothing shipped uses it, so it stays out of the Lambda bundles and the layer
 * rules, and a test may reach into its items. Because a read descriptor carries its own key
 * and `fromItem`, the adapter knows no entity: a new one needs nothing here. A descriptor
 * without a key (a value the container holds) reads nothing, as on DynamoDB.
 */
export class MemoryBatchReader implements BatchReader {
  /** The table: items by `pk|sk`, as DynamoDB would hold them (shared with MemoryTokenStore). */
  readonly items = new Map<string, Item>();
  /** Batches asked for: the DynamoDB adapter's BatchGetItem calls. */
  batches = 0;

  put(item: Item): void {
    this.items.set(`${item.pk}|${item.sk}`, structuredClone(item));
  }

  async load<R extends Reads>(reads: R): Promise<ReadResults<R>> {
    const entries = Object.entries(reads);
    if (entries.some(([, read]) => read.key)) this.batches++;
    const results: Record<string, unknown> = {};
    // A copy per read, like items unmarshalled from a response: no caller shares state with the store.
    for (const [name, read] of entries) {
      const item = read.key && this.items.get(`${read.key.pk}|${read.key.sk}`);
      results[name] = read.fromItem(item === undefined ? undefined : structuredClone(item));
    }
    return results as ReadResults<R>;
  }
}

const at = (key: Key) => `${key.pk}|${key.sk}`;

/** What DynamoDB answers a lost condition with; the in-memory adapter refuses the same way. */
class ConditionFailed extends Error {
  override name = 'ConditionFailed';
}

/**
 * The read ports on the in-memory table: the store's own descriptors (store/read-catalog.ts,
 * with a catalogue cache of their own — they carry their keys, so they serve both adapters),
 * read by a MemoryBatchReader.
 */
export function memoryReadPorts(batch = new MemoryBatchReader(), catalogueCache = new CatalogueCache()): ReadPorts & { readonly batch: MemoryBatchReader } {
  return { batch, reads: readCatalog(catalogueCache) };
}

/**
 * An in-memory adapter of the TokenStore port: each write with the condition the DynamoDB one
 * sends, applied all or nothing — so rotation and single use behave as they do on the table.
 * Its items are read through `batch` and `reads` (the read ports on the same items).
 * Held to DynamoTokenStore by test/contract/token-store.contract.test.ts.
 */
export class MemoryTokenStore implements TokenStore, ReadPorts {
  readonly reads: ReadCatalog;

  constructor(
    readonly batch = new MemoryBatchReader(),
    catalogueCache = new CatalogueCache(),
  ) {
    this.reads = memoryReadPorts(batch, catalogueCache).reads;
  }

  private get items(): Map<string, Item> {
    return this.batch.items;
  }

  async createGrant(grant: Authorization, refresh?: RefreshToken): Promise<void> {
    const grantItem = grantToItem(grant);
    const refreshItem = refresh ? refreshToItem(refresh) : undefined;
    if (this.items.has(at(keys.grant(grant.id))) || (refresh && this.items.has(at(keys.refreshToken(refresh.digest))))) {
      throw new ConditionFailed('the grant or its refresh token exists already');
    }
    this.batch.put(grantItem);
    if (refreshItem) this.batch.put(refreshItem);
  }

  async rotateRefresh(current: RefreshToken, next: RefreshToken, options: { graceOf?: number }): Promise<boolean> {
    const token = this.items.get(at(keys.refreshToken(current.digest)));
    const grant = this.items.get(at(keys.grant(current.grantId)));
    const claimable = options.graceOf === undefined ? token !== undefined && token.rotatedAt === undefined : token?.rotatedAt === options.graceOf;
    if (!claimable || this.items.has(at(keys.refreshToken(next.digest))) || !grant || grant.revoked !== false) return false;
    if (options.graceOf === undefined) token!.rotatedAt = nowSeconds();
    this.batch.put(refreshToItem(next));
    grant.expiresAt = next.expiresAt;
    grant.ttl = next.expiresAt;
    return true;
  }

  async revokeGrant(grantId: string): Promise<void> {
    const grant = this.items.get(at(keys.grant(grantId)));
    if (!grant) return; // an unknown grant has nothing to revoke
    grant.revoked = true;
    grant.revokedAt = nowSeconds();
    delete grant.gsi1pk;
    delete grant.gsi1sk;
  }

  async revokeJti(jti: string, expiresAt: number): Promise<void> {
    this.batch.put({ ...keys.revokedJti(jti), type: ItemType.revokedJti, jti, expiresAt, ttl: expiresAt });
  }
}

/** Puts the scope catalogue item, as `scope:create` leaves it, behind an in-memory batch reader. */
export function putCatalogue(batch: MemoryBatchReader, scopes: Readonly<Record<string, string>>): void {
  const entries = Object.fromEntries(Object.entries(scopes).map(([name, description]) => [name, { description, createdAt: nowSeconds() }]));
  batch.put({ ...keys.scopeCatalogue(), type: ItemType.scopeCatalogue, scopes: entries });
}

/**
 * An in-memory adapter of the AttemptStore port (brute-force counters, SPEC §6): each method
 * applies the condition DynamoAttemptStore sends, on the same items. Held to it by
 * test/contract/attempt-store.contract.test.ts.
 */
export class MemoryAttemptStore implements AttemptStore {
  constructor(readonly batch = new MemoryBatchReader()) {}

  private live(id: string): Item | undefined {
    const item = this.batch.items.get(at(keys.attempts(id)));
    return item && (item.expiresAt as number) > nowSeconds() ? item : undefined;
  }

  private fresh(id: string, failures: number, lockedUntil: number, windowSeconds: number): void {
    const expiresAt = nowSeconds() + windowSeconds;
    this.batch.put({ ...keys.attempts(id), type: ItemType.attempts, id, failures, lockedUntil, expiresAt, ttl: expiresAt });
  }

  async claim(id: string, limits: { readonly threshold: number; readonly windowSeconds: number; readonly fresh: boolean }) {
    const now = nowSeconds();
    const counter = this.live(id);
    if (!counter) {
      this.fresh(id, 1, now + PENDING_SECONDS, limits.windowSeconds);
      return { attempt: 1 };
    }
    if ((counter.failures as number) >= limits.threshold && (counter.lockedUntil as number) > now) {
      return { lockedUntil: counter.lockedUntil as number };
    }
    counter.failures = (counter.failures as number) + 1;
    counter.lockedUntil = now + PENDING_SECONDS;
    counter.expiresAt = counter.ttl = now + limits.windowSeconds;
    return { attempt: counter.failures as number };
  }

  async recordFailure(id: string, windowSeconds: number): Promise<number> {
    const counter = this.live(id);
    if (!counter) {
      this.fresh(id, 1, 0, windowSeconds);
      return 1;
    }
    counter.failures = (counter.failures as number) + 1;
    counter.expiresAt = counter.ttl = nowSeconds() + windowSeconds;
    return counter.failures as number;
  }

  async lock(id: string, until: number): Promise<void> {
    const counter = this.batch.items.get(at(keys.attempts(id)));
    if (counter) counter.lockedUntil = until; // a counter a parallel success cleared stays cleared
  }

  async reset(id: string, attempt: number): Promise<void> {
    const key = at(keys.attempts(id));
    const counter = this.batch.items.get(key);
    if (!counter) return;
    if (counter.failures === attempt) this.batch.items.delete(key);
    else if ((counter.failures as number) > 0) counter.failures = (counter.failures as number) - 1;
  }
}

/**
 * An in-memory adapter of the AuthorizationStore port (the authorization-code flow's writes):
 * single-use codes, their redemption with the grant and its first refresh token all or
 * nothing, replay marks, sessions and remembered consents. Held to DynamoAuthorizationStore by
 * test/contract/authorization-store.contract.test.ts.
 */
export class MemoryAuthorizationStore implements AuthorizationStore {
  constructor(readonly batch = new MemoryBatchReader()) {}

  async saveCode(code: AuthorizationCode, remember?: Consent): Promise<void> {
    if (this.batch.items.has(at(keys.authCode(code.digest)))) throw new ConditionFailed('the code exists already');
    this.batch.put(codeToItem(code));
    if (!remember) return;
    const key = at(keys.consent(remember.userId, remember.clientId));
    const held = this.batch.items.get(key);
    const scopes = new Set([...((held?.scopes as Set<string> | undefined) ?? []), ...remember.scopes]);
    this.batch.put({
      ...keys.consent(remember.userId, remember.clientId),
      type: ItemType.consent,
      userId: remember.userId,
      clientId: remember.clientId,
      updatedAt: remember.updatedAt,
      createdAt: held?.createdAt ?? remember.updatedAt,
      ...(scopes.size > 0 ? { scopes } : {}),
    });
  }

  async redeemCode(code: AuthorizationCode, grant: Authorization, refresh: RefreshToken): Promise<boolean> {
    const item = this.batch.items.get(at(keys.authCode(code.digest)));
    const unconsumed = item !== undefined && item.consumedAt === undefined && item.replayedAt === undefined;
    const fresh = !this.batch.items.has(at(keys.grant(grant.id))) && !this.batch.items.has(at(keys.refreshToken(refresh.digest)));
    if (!unconsumed || !fresh) return false;
    item.consumedAt = grant.createdAt;
    item.grantId = grant.id;
    this.batch.put(grantToItem(grant));
    this.batch.put(refreshToItem(refresh));
    return true;
  }

  async markCodeReplayed(digest: string): Promise<string | undefined> {
    const item = this.batch.items.get(at(keys.authCode(digest)));
    if (!item) return undefined;
    item.replayedAt = nowSeconds();
    return item.grantId as string | undefined;
  }

  async createSession(session: Session): Promise<void> {
    if (this.batch.items.has(at(keys.session(session.digest)))) throw new ConditionFailed('the session exists already');
    this.batch.put(sessionToItem(session));
  }

  async deleteSession(digest: string): Promise<void> {
    this.batch.items.delete(at(keys.session(digest)));
  }
}
