import { describe, expect, it } from 'vitest';
import { issuePersonalToken, revokeToken } from '../../../functions/admin/personal-tokens.js';
import { loadConfig } from '../../../functions/config.js';
import { memoryKeyRing } from '../../infra/issue-token.js';
import { aClientRecord } from '../../support/grant-kit.js';
import { memoryAdminPorts } from '../../support/memory-admin.js';
import { aUserRecord } from '../../support/records.js';

const ISSUER = 'http://127.0.0.1:1';

/** A user allowed `orders:read` and `orders:write`, and a personal access client. */
async function world(options: { personalClient?: boolean } = {}) {
  const ports = { ...memoryAdminPorts(), config: loadConfig({}), keys: memoryKeyRing() };
  await ports.scopes.create('orders:read', 'Read orders');
  await ports.scopes.create('orders:write', 'Change orders');
  const user = aUserRecord({ scopes: ['orders:read', 'orders:write'] });
  await ports.users.create(user);
  if (options.personalClient !== false) await ports.clients.create(aClientRecord({ kind: 'personal', secrets: [], grantTypes: [] }));
  return { ports, user };
}

describe('personal access tokens (SPEC §6) on the in-memory adapters', () => {
  it('never gives a token made with a Bearer token a scope that one lacks', async () => {
    const { ports, user } = await world();
    const narrow = { user, name: 'ci', issuer: ISSUER, within: ['orders:read'] };
    await expect(issuePersonalToken(ports, { ...narrow, scopes: 'orders:read orders:write' })).rejects.toMatchObject({ kind: 'invalid', field: 'scopes' });
    const issued = await issuePersonalToken(ports, { ...narrow, scopes: 'orders:read' });
    expect(issued.grant.scopes).toEqual(['orders:read']);
    expect(await ports.account.grants(user.id, 'personal', { limit: 10 })).toEqual({ items: [issued.grant] });
  });

  it('refuses a scope the user does not have, and says so when there is no personal access client', async () => {
    const { ports, user } = await world();
    await ports.scopes.create('admin', 'Everything');
    await expect(issuePersonalToken(ports, { user, name: 'ci', scopes: 'admin', issuer: ISSUER })).rejects.toMatchObject({ code: 'invalid_scope' });
    const bare = await world({ personalClient: false });
    await expect(issuePersonalToken(bare.ports, { user: bare.user, name: 'ci', issuer: ISSUER })).rejects.toThrow(/client:create --personal/);
    expect(await ports.account.grants(user.id, 'personal', { limit: 10 })).toEqual({ items: [] });
  });

  it('lets its owner revoke it as a personal token only; anyone else’s id is “not found”', async () => {
    const { ports, user } = await world();
    const issued = await issuePersonalToken(ports, { user, name: 'ci', issuer: ISSUER });
    await expect(revokeToken(ports, issued.grant.id, { userId: crypto.randomUUID(), kind: 'personal' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(revokeToken(ports, issued.grant.id, { userId: user.id, kind: 'refresh' })).rejects.toMatchObject({ kind: 'not_found' });
    expect(await revokeToken(ports, issued.grant.id, { userId: user.id, kind: 'personal' })).toEqual({ id: issued.grant.id, revoked: true });
    expect((await ports.batch.load({ grant: ports.reads.grant(issued.grant.id) })).grant?.revoked).toBe(true);
  });
});
