import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../functions/config.js';
import type { TokenResponse } from '../../../../functions/oauth/grants/grant.js';
import { passwordGrant } from '../../../../functions/oauth/grants/password.js';
import { hashSecret } from '../../../../functions/oauth/passwords.js';
import type { User } from '../../../../functions/oauth/ports.js';
import { userToItem } from '../../../../functions/store/items.js';
import { MemoryAttemptStore, MemoryTokenStore, putCatalogue } from '../../../support/memory-store.js';
import { aClientRecord, aGrantContext, runGrant } from '../../../support/grant-kit.js';

const firstParty = aClientRecord({ name: 'Our own app', kind: 'confidential', secrets: [], grantTypes: ['password', 'refresh_token'], firstParty: true });

/** The password grant on the in-memory adapter: a user, the catalogue, the lockout counters, no table. */
async function world(env: Record<string, string> = {}) {
  const store = new MemoryTokenStore();
  const attempts = new MemoryAttemptStore(store.batch);
  putCatalogue(store.batch, { 'orders:read': 'Read orders', 'orders:write': 'Change orders' });
  const user: User = {
    id: crypto.randomUUID(),
    email: 'ada@example.com',
    name: 'Ada',
    passwordHash: await hashSecret('correct horse'),
    scopes: ['orders:read'],
    createdAt: 0,
  };
  store.batch.put(userToItem(user));
  const context = aGrantContext('password', { config: loadConfig(env), store, attempts });
  const exchange = (params: Record<string, string>): Promise<TokenResponse> => runGrant(passwordGrant, store, context, firstParty, params);
  return { user, store, exchange };
}

describe('the password grant (RFC 6749 §4.3) with its lockout (SPEC §6)', () => {
  it('answers a token pair for the right password, recording the refresh family', async () => {
    const { user, store, exchange } = await world();
    const answer = await exchange({ username: 'ada@example.com', password: 'correct horse', scope: 'orders:read' });
    expect(answer.scope).toBe('orders:read');
    const claims = decodeJwt(answer.access_token);
    expect(claims).toMatchObject({ sub: user.id, client_id: firstParty.id });
    expect((await store.batch.load({ grant: store.reads.grant(claims.gid as string) })).grant).toMatchObject({ userId: user.id, revoked: false });
  });

  it('answers a wrong password and an unknown user the same invalid_grant', async () => {
    const { exchange } = await world();
    await expect(exchange({ username: 'ada@example.com', password: 'wrong' })).rejects.toMatchObject({ code: 'invalid_grant', message: 'The user credentials are incorrect.' });
    await expect(exchange({ username: 'nobody@example.com', password: 'correct horse' })).rejects.toMatchObject({ code: 'invalid_grant', message: 'The user credentials are incorrect.' });
  });

  it('locks the account after the threshold of failures, even for the right password, with Retry-After', async () => {
    const { exchange } = await world({ LOCKOUT_THRESHOLD: '3' });
    for (let i = 0; i < 3; i++) {
      await expect(exchange({ username: 'ada@example.com', password: `guess ${i}` })).rejects.toMatchObject({ code: 'invalid_grant' });
    }
    const locked = exchange({ username: 'ada@example.com', password: 'correct horse' });
    await expect(locked).rejects.toMatchObject({ code: 'invalid_grant', message: 'Too many failed sign-in attempts. Try again later.' });
    await expect(locked).rejects.toHaveProperty(['headers', 'Retry-After']);
  });

  it('refuses a scope the user does not have, after a right password', async () => {
    const { exchange } = await world();
    await expect(exchange({ username: 'ada@example.com', password: 'correct horse', scope: 'orders:write' })).rejects.toMatchObject({ code: 'invalid_scope' });
  });

  it('refuses missing credentials as invalid_request', async () => {
    const { exchange } = await world();
    await expect(exchange({ password: 'x' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(exchange({ username: 'ada@example.com' })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
