import type { Client } from '../ports.js';

/** Enough for every client a busy deployment has, small enough to be nothing in 128 MB. */
export const CLIENT_CACHE_ENTRIES = 1000;

interface Entry {
  readonly client: Client;
  /** When the record was read from the table (ms): the entry's age counts from there. */
  readonly readAt: number;
}

/**
 * The token endpoint's per-container client cache (SPEC §6: "the time a container may serve a
 * verified client from memory"). A DynamoDB call is the largest share of a client-credentials
 * token's CPU (the SDK's work, more than the RS256 signature), so a container may serve a
 * client it has just authenticated from memory for `CLIENT_CACHE_SECONDS`: every grant's batch
 * read leaves the client out (one read unit less), and with the scope catalogue cached as well
 * a warm client-credentials token makes no DynamoDB call at all (docs/client-cache.md).
 *
 * - What it holds: the client record as last read, keyed by client id, put here only after
 *   that record authenticated a request. The fact that a secret verified stays where it
 *   already was, in ClientAuthenticator's memo: (client id, stored argon2 hash) → SHA-256 of
 *   the secret. A hit compares SHA-256 of the presented secret in constant time with that
 *   digest — no argon2, no DynamoDB read — and nothing about the secret is stored twice.
 * - What it never holds: a failed authentication. Anything that does not match the cached
 *   entry is a miss, and the request reads the client and authenticates as without a cache,
 *   so a wrong secret is refused by the fresh record and a right one is never refused by a
 *   stale one.
 * - The bound: an entry expires `seconds` after its record was read, however often it is hit,
 *   so `client:revoke`, `client:secret` and a management delete reach the token endpoint within
 *   that time (as a rotated signing key reaches every container within 10 s). Introspection
 *   and revocation never use it: they read the client on every request. `0` turns it off.
 * - Bounded: least recently used entries go first once `capacity` clients are held.
 */
export class ClientCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly seconds: number,
    private readonly capacity = CLIENT_CACHE_ENTRIES,
    private readonly clock: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.seconds > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached record of a client, if it is younger than the cache time (refreshing its LRU place). */
  get(clientId: string): Client | undefined {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    if (this.clock() - entry.readAt >= this.seconds * 1000) {
      this.entries.delete(clientId);
      return undefined;
    }
    this.entries.delete(clientId);
    this.entries.set(clientId, entry);
    return entry.client;
  }

  /** Remembers a record that has just authenticated a request (never call it on a failure). */
  remember(client: Client, readAt: number = this.clock()): void {
    if (!this.enabled) return;
    this.entries.delete(client.id);
    this.entries.set(client.id, { client, readAt });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

