import { nowSeconds } from '../../functions/clock.js';
import type { Authorization, SigningKey, User } from '../../functions/oauth/ports.js';

/**
 * Records as the ports store them, for the contract suites and the use cases' unit tests: each
 * test states what differs (DESIGN rule 8). Clients: `aClientRecord` (grant-kit.ts).
 */
export function aUserRecord(overrides: Partial<User> = {}): User {
  return {
    id: crypto.randomUUID(),
    email: `${crypto.randomUUID()}@example.com`,
    name: 'Ada',
    // A stand-in hash: nothing here runs argon2 on it.
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
    scopes: null,
    createdAt: nowSeconds(),
    ...overrides,
  };
}

/** A live grant behind a refresh-token family, for an hour. */
export function aGrantRecord(overrides: Partial<Authorization> = {}): Authorization {
  const createdAt = overrides.createdAt ?? nowSeconds();
  return {
    id: crypto.randomUUID(),
    kind: 'refresh',
    clientId: crypto.randomUUID(),
    userId: crypto.randomUUID(),
    scopes: ['read'],
    createdAt,
    expiresAt: createdAt + 3600,
    revoked: false,
    ...overrides,
  };
}

export function aSigningKeyRecord(overrides: Partial<SigningKey> = {}): SigningKey {
  return {
    kid: crypto.randomUUID(),
    alg: 'RS256',
    publicJwk: { kty: 'RSA', n: 'stand-in', e: 'AQAB' },
    encryptedPrivateKey: 'sealed stand-in',
    createdAt: nowSeconds(),
    activeFrom: nowSeconds(),
    ...overrides,
  };
}
