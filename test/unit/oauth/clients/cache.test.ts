import { describe, expect, it } from 'vitest';
import { ClientCache } from '../../../../functions/oauth/clients/cache.js';
import type { Client } from '../../../../functions/oauth/ports.js';
import { aClientRecord as aRecord } from '../../../support/grant-kit.js';

/** A client the cache may hold: a client-credentials client with a stand-in hash. */
const aClientRecord = (id: string, overrides: Partial<Client> = {}): Client =>
  aRecord({ id, name: id, secrets: [{ hash: `$argon2id$hash-of-${id}` }], ...overrides });

/** A clock the test moves by hand. */
function aClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the token endpoint’s client cache', () => {
  it('serves a remembered client until its record is CLIENT_CACHE_SECONDS old, then forgets it', () => {
    const clock = aClock();
    const cache = new ClientCache(5, 10, clock.now);
    cache.remember(aClientRecord('a'));
    clock.advance(4_999);
    expect(cache.get('a')?.id).toBe('a');
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('counts the age from when the record was read, however often it is served', () => {
    const clock = aClock();
    const cache = new ClientCache(5, 10, clock.now);
    cache.remember(aClientRecord('a'), clock.now() - 3_000);
    for (let i = 0; i < 4; i++) {
      expect(cache.get('a')).toBeDefined();
      clock.advance(500);
    }
    expect(cache.get('a')).toBeUndefined();
  });

  it('never holds more clients than its capacity, dropping the least recently used first', () => {
    const clock = aClock();
    const cache = new ClientCache(60, 3, clock.now);
    for (const id of ['a', 'b', 'c']) cache.remember(aClientRecord(id));
    expect(cache.get('a')).toBeDefined(); // a is now the most recently used; b the least
    cache.remember(aClientRecord('d'));
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    for (const id of ['a', 'c', 'd']) expect(cache.get(id)?.id).toBe(id);
    for (let i = 0; i < 100; i++) cache.remember(aClientRecord(`many-${i}`));
    expect(cache.size).toBe(3);
    expect(['many-97', 'many-98', 'many-99'].map((id) => cache.get(id)?.id)).toEqual(['many-97', 'many-98', 'many-99']);
  });

  it('replaces a client’s record when it is read again, rather than holding two', () => {
    const clock = aClock();
    const cache = new ClientCache(5, 10, clock.now);
    cache.remember(aClientRecord('a', { name: 'old' }));
    clock.advance(4_000);
    cache.remember(aClientRecord('a', { name: 'new' }));
    expect(cache.size).toBe(1);
    clock.advance(4_000);
    expect(cache.get('a')?.name).toBe('new');
  });

  it('holds nothing when CLIENT_CACHE_SECONDS is 0', () => {
    const cache = new ClientCache(0);
    cache.remember(aClientRecord('a'));
    expect(cache.enabled).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.get('a')).toBeUndefined();
  });
});
