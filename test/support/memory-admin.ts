import type { AdminDeps } from '../../functions/admin/deps.js';
import { creationStamp, nowSeconds } from '../../functions/clock.js';
import type {
  AccountStore,
  Authorization,
  Client,
  ClientRepository,
  ClientSecret,
  ListPage,
  PageRequest,
  ScopeCatalogue,
  ScopeRepository,
  SigningKey,
  SigningKeyRepository,
  User,
  UserRepository,
} from '../../functions/oauth/ports.js';
import { CatalogueCache } from '../../functions/store/catalogue-cache.js';
import { clientToItem, itemToClient, itemToGrant, itemToSigningKey, itemToUser, signingKeyToItem, userToItem } from '../../functions/store/items.js';
import { byUser, ItemType, keys, listing, type Key } from '../../functions/store/keys.js';
import { catalogueFromItem } from '../../functions/store/scopes.js';
import { testContainer } from './store.js';
import { MemoryAuthorizationStore, MemoryBatchReader, memoryReadPorts, MemoryTokenStore } from './memory-store.js';

/**
 * In-memory adapters of the admin-side ports (ClientRepository, UserRepository, AccountStore,
 * ScopeRepository, SigningKeyRepository), on the same items as the in-memory batch reader —
 * the items DynamoDB would hold, index attributes included — so what one adapter writes the
 * others (and the batch) read. Each write applies the condition its DynamoDB twin sends; the
 * indexes are read by filtering on their attributes, in their sort order. Held to the
 * DynamoDB adapters by test/contract/*-repository.contract.test.ts and
 * test/contract/account-store.contract.test.ts.
 */

type Item = Record<string, unknown>;

const at = (key: Key) => `${key.pk}|${key.sk}`;

/** A lost condition, as DynamoDB answers one (the DynamoDB adapters turn it into `false` where theirs do). */
class ConditionFailed extends Error {
  override name = 'ConditionFailed';
}

/** The items of one index partition, in its sort order (DynamoDB compares the keys' bytes). */
function indexed(table: MemoryBatchReader, pk: 'gsi1pk' | 'gsi2pk', partition: string, ascending = true): Item[] {
  const sk = pk === 'gsi1pk' ? 'gsi1sk' : 'gsi2sk';
  const items = [...table.items.values()].filter((item) => item[pk] === partition);
  items.sort((a, b) => Buffer.compare(Buffer.from(String(a[sk])), Buffer.from(String(b[sk]))));
  if (!ascending) items.reverse();
  return items.map((item) => structuredClone(item));
}

function get(table: MemoryBatchReader, key: Key): Item | undefined {
  const item = table.items.get(at(key));
  return item === undefined ? undefined : structuredClone(item);
}

export class MemoryClientRepository implements ClientRepository {
  constructor(readonly table = new MemoryBatchReader()) {}

  async get(id: string): Promise<Client | undefined> {
    return itemToClient(get(this.table, keys.client(id)));
  }

  async create(client: Client): Promise<void> {
    if (this.table.items.has(at(keys.client(client.id)))) throw new ConditionFailed('the client exists already');
    this.table.put(clientToItem(client));
  }

  async list(): Promise<Client[]> {
    const all = [...indexed(this.table, 'gsi2pk', listing.clients), ...indexed(this.table, 'gsi2pk', listing.personalClients)]
      .map(itemToClient)
      .filter((client): client is Client => client !== undefined);
    return all.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  async revoke(id: string, ownerId?: string): Promise<boolean> {
    const item = this.table.items.get(at(keys.client(id)));
    if (!item || (ownerId !== undefined && (item.userId !== ownerId || item.revoked !== false))) return false;
    item.revoked = true;
    item.revokedAt = nowSeconds();
    delete item.gsi1pk;
    delete item.gsi1sk;
    return true;
  }

  async replaceSecrets(id: string, expected: readonly ClientSecret[], secrets: readonly ClientSecret[]): Promise<boolean> {
    const item = this.table.items.get(at(keys.client(id)));
    // DynamoDB compares the whole list, entry by entry (the map's attributes in any order).
    if (!item || !sameSecrets((item.secrets as ClientSecret[] | undefined) ?? [], expected)) return false;
    item.secrets = structuredClone([...secrets]);
    return true;
  }

  async rawSecrets(id: string): Promise<ClientSecret[] | undefined> {
    const item = get(this.table, keys.client(id));
    return item ? ((item.secrets as ClientSecret[]) ?? []) : undefined;
  }

  async newestPersonalClient(): Promise<Client | undefined> {
    return indexed(this.table, 'gsi2pk', listing.personalClients, false)
      .map(itemToClient)
      .find((client) => client !== undefined && !client.revoked);
  }
}

function sameSecrets(held: readonly ClientSecret[], expected: readonly ClientSecret[]): boolean {
  const canonical = (s: ClientSecret) => JSON.stringify([s.hash, s.expiresAt ?? null]);
  return held.length === expected.length && held.every((secret, i) => canonical(secret) === canonical(expected[i]!));
}

export class MemoryUserRepository implements UserRepository {
  constructor(readonly table = new MemoryBatchReader()) {}

  async getByEmail(email: string): Promise<User | undefined> {
    return itemToUser(get(this.table, keys.user(email)));
  }

  async getById(id: string): Promise<User | undefined> {
    return itemToUser(indexed(this.table, 'gsi1pk', byUser.pk(id)).find((item) => item.gsi1sk === byUser.profile));
  }

  async create(user: User): Promise<boolean> {
    if (this.table.items.has(at(keys.user(user.email)))) return false;
    this.table.put(userToItem(user));
    return true;
  }

  async list(): Promise<User[]> {
    return indexed(this.table, 'gsi2pk', listing.users)
      .map(itemToUser)
      .filter((user): user is User => user !== undefined);
  }
}

/** A user's own things, newest first, a page at a time; a cursor names the page's last item, as on DynamoDB. */
export class MemoryAccountStore implements AccountStore {
  constructor(readonly table = new MemoryBatchReader()) {}

  async clients(userId: string, page: PageRequest): Promise<ListPage<Client> | undefined> {
    return this.page(userId, page, byUser.clientPrefix, (item) => {
      const client = itemToClient(item);
      return client && !client.revoked ? client : undefined;
    });
  }

  async grants(userId: string, kind: Authorization['kind'], page: PageRequest): Promise<ListPage<Authorization> | undefined> {
    return this.page(userId, page, byUser.grantPrefix(kind), (item) => {
      const grant = itemToGrant(item); // undefined once expired
      return grant && !grant.revoked && grant.kind === kind ? grant : undefined;
    });
  }

  async revokeGrant(grant: Authorization, userId: string, options: { readonly forgetConsent: boolean }): Promise<boolean> {
    const item = this.table.items.get(at(keys.grant(grant.id)));
    if (!item || item.userId !== userId || item.kind !== grant.kind || item.revoked !== false) return false;
    item.revoked = true;
    item.revokedAt = nowSeconds();
    delete item.gsi1pk;
    delete item.gsi1sk;
    if (options.forgetConsent) this.table.items.delete(at(keys.consent(userId, grant.clientId)));
    return true;
  }

  async updateClient(id: string, userId: string, changes: { readonly name: string; readonly redirectUris: readonly string[] }): Promise<Client | undefined> {
    const item = this.table.items.get(at(keys.client(id)));
    if (!item || item.userId !== userId || item.revoked !== false) return undefined;
    item.name = changes.name;
    item.redirectUris = [...changes.redirectUris];
    item.updatedAt = creationStamp();
    return itemToClient(structuredClone(item));
  }

  private async page<T>(userId: string, page: PageRequest, prefix: string, live: (item: Item) => T | undefined): Promise<ListPage<T> | undefined> {
    const items = indexed(this.table, 'gsi1pk', byUser.pk(userId), false).filter((item) => String(item.gsi1sk).startsWith(prefix));
    let from = 0;
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor, prefix);
      if (after === undefined) return undefined;
      from = items.findIndex((item) => String(item.gsi1sk) < after);
      if (from < 0) from = items.length;
    }
    const found: { value: T; item: Item }[] = [];
    for (const item of items.slice(from)) {
      const value = live(item);
      if (value !== undefined) found.push({ value, item });
      if (found.length > page.limit) break;
    }
    if (found.length <= page.limit) return { items: found.map((f) => f.value) };
    const last = found[page.limit - 1]!.item;
    return { items: found.slice(0, page.limit).map((f) => f.value), next: encodeCursor(last) };
  }
}

function encodeCursor(item: Item): string {
  return Buffer.from(JSON.stringify([item.pk, item.sk, item.gsi1sk])).toString('base64url');
}

/** The index key a cursor names, if it is one of this listing's. */
function decodeCursor(cursor: string, prefix: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string' && part !== '')) return undefined;
    const gsi1sk = parsed[2] as string;
    return gsi1sk.startsWith(prefix) ? gsi1sk : undefined;
  } catch {
    return undefined;
  }
}

export class MemoryScopeRepository implements ScopeRepository {
  constructor(
    readonly table = new MemoryBatchReader(),
    /** The container's cached catalogue: a scope created here is seen at once. */
    private readonly cache?: CatalogueCache,
  ) {}

  async catalogue(): Promise<ScopeCatalogue> {
    return catalogueFromItem(get(this.table, keys.scopeCatalogue()));
  }

  async create(name: string, description: string): Promise<boolean> {
    const item = this.table.items.get(at(keys.scopeCatalogue()));
    const entry = { description, createdAt: nowSeconds() };
    if (item && Object.hasOwn((item.scopes as Item | undefined) ?? {}, name)) return false;
    if (item) (item.scopes as Item)[name] = entry;
    else this.table.put({ ...keys.scopeCatalogue(), type: ItemType.scopeCatalogue, scopes: { [name]: entry } });
    this.cache?.invalidate();
    return true;
  }
}

export class MemorySigningKeyRepository implements SigningKeyRepository {
  constructor(readonly table = new MemoryBatchReader()) {}

  async list(): Promise<SigningKey[]> {
    const now = nowSeconds();
    return [...this.table.items.values()]
      .filter((item) => item.pk === keys.signingKeyPartition && String(item.sk).startsWith('KEY#'))
      .map((item) => itemToSigningKey(structuredClone(item)))
      .filter((key): key is SigningKey => !!key && (key.retireAt === undefined || key.retireAt > now))
      .sort((a, b) => b.createdAt - a.createdAt || b.activeFrom - a.activeFrom);
  }

  async add(key: SigningKey, retire: { kid: string; retireAt: number }[]): Promise<void> {
    if (this.table.items.has(at(keys.signingKey(key.kid)))) throw new ConditionFailed('the key exists already');
    this.table.put(signingKeyToItem(key));
    // DynamoDB's Update creates what it does not find: a retirement of an unknown kid leaves a bare item.
    for (const { kid, retireAt } of retire) {
      const item = this.table.items.get(at(keys.signingKey(kid)));
      if (item) item.retireAt = retireAt;
      else this.table.put({ ...keys.signingKey(kid), retireAt });
    }
  }

  async addFirst(key: SigningKey): Promise<boolean> {
    if (this.table.items.has(at(keys.signingKeyBootstrap()))) return false;
    this.table.put({ ...keys.signingKeyBootstrap(), type: ItemType.bootstrap, kid: key.kid });
    this.table.put(signingKeyToItem(key));
    return true;
  }
}

/**
 * Every storage port of the use cases (AdminDeps) on one in-memory table, with the read ports
 * on the same items and one catalogue cache, as a container has them; config and keys are
 * the test's to add.
 */
export function memoryAdminPorts(table = new MemoryBatchReader()) {
  const cache = new CatalogueCache();
  return {
    table,
    ...memoryReadPorts(table, cache),
    clients: new MemoryClientRepository(table),
    users: new MemoryUserRepository(table),
    account: new MemoryAccountStore(table),
    scopes: new MemoryScopeRepository(table, cache),
    signingKeys: new MemorySigningKeyRepository(table),
    store: new MemoryTokenStore(table, cache),
    authorizations: new MemoryAuthorizationStore(table),
  };
}

/** The storage ports of the use cases, as memoryAdminPorts and a DynamoDB container both give them. */
export type AdminPorts = Pick<AdminDeps, 'clients' | 'users' | 'account' | 'scopes' | 'signingKeys' | 'store' | 'authorizations' | 'batch' | 'reads'>;

/** The adapters the contract suites hold to one another: a fresh table each. */
export const ADAPTERS: readonly (readonly [string, () => Promise<AdminPorts>])[] = [
  ['DynamoDB', () => testContainer()],
  ['in-memory', async () => memoryAdminPorts()],
];
