import { beforeEach, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import { aClientRecord } from '../support/grant-kit.js';
import { ADAPTERS, type AdminPorts } from '../support/memory-admin.js';

/** The ClientRepository port's contract (SPEC §3, §6), held by the DynamoDB adapter and the in-memory one alike. */
describe.each(ADAPTERS)('the client repository (%s)', (_name, make) => {
  let ports: AdminPorts;

  beforeEach(async () => {
    ports = await make();
  });

  it('reads back a client it created, and refuses the same id twice', async () => {
    const client = aClientRecord({ userId: crypto.randomUUID(), scopes: ['read'] });
    await ports.clients.create(client);
    expect(await ports.clients.get(client.id)).toEqual(client);
    await expect(ports.clients.create({ ...client, name: 'Another' })).rejects.toThrow();
    expect((await ports.clients.get(client.id))?.name).toBe(client.name);
    expect(await ports.clients.get(crypto.randomUUID())).toBeUndefined();
  });

  it('leaves expired secrets out of a read, but keeps them in the raw list that replacing compares with', async () => {
    const expired = { hash: 'old', expiresAt: nowSeconds() - 10 };
    const client = aClientRecord({ secrets: [expired, { hash: 'current' }] });
    await ports.clients.create(client);
    expect((await ports.clients.get(client.id))?.secrets).toEqual([{ hash: 'current' }]);
    expect(await ports.clients.rawSecrets(client.id)).toEqual([expired, { hash: 'current' }]);
    expect(await ports.clients.rawSecrets(crypto.randomUUID())).toBeUndefined();
  });

  it('replaces the secrets only while they still equal what the caller saw', async () => {
    const client = aClientRecord({ secrets: [{ hash: 'first' }] });
    await ports.clients.create(client);
    const seen = (await ports.clients.rawSecrets(client.id))!;
    const rotated = [{ hash: 'second' }, { hash: 'first', expiresAt: nowSeconds() + 60 }];
    expect(await ports.clients.replaceSecrets(client.id, seen, rotated)).toBe(true);
    expect(await ports.clients.replaceSecrets(client.id, seen, [{ hash: 'lost update' }])).toBe(false);
    expect(await ports.clients.rawSecrets(client.id)).toEqual(rotated);
    expect(await ports.clients.replaceSecrets(crypto.randomUUID(), [], [{ hash: 'x' }])).toBe(false);
  });

  it('lists every client oldest first, revoked and personal ones included, and names the newest live personal client', async () => {
    const web = aClientRecord({ kind: 'confidential', createdAt: 100 });
    const older = aClientRecord({ kind: 'personal', secrets: [], grantTypes: [], createdAt: 200 });
    const newer = aClientRecord({ kind: 'personal', secrets: [], grantTypes: [], createdAt: 300 });
    for (const client of [newer, web, older]) await ports.clients.create(client);
    expect((await ports.clients.newestPersonalClient())?.id).toBe(newer.id);
    await ports.clients.revoke(newer.id);
    expect((await ports.clients.newestPersonalClient())?.id).toBe(older.id);
    expect((await ports.clients.list()).map((c) => [c.id, c.revoked])).toEqual([
      [web.id, false],
      [older.id, false],
      [newer.id, true],
    ]);
  });

  it('revokes for an owner only their own live client, and for the operator any client that exists', async () => {
    const owner = crypto.randomUUID();
    const client = aClientRecord({ userId: owner });
    await ports.clients.create(client);
    expect(await ports.clients.revoke(client.id, crypto.randomUUID())).toBe(false);
    expect((await ports.clients.get(client.id))?.revoked).toBe(false);
    expect(await ports.clients.revoke(client.id, owner)).toBe(true);
    expect(await ports.clients.revoke(client.id, owner)).toBe(false);
    expect((await ports.clients.get(client.id))?.revoked).toBe(true);
    expect(await ports.clients.revoke(client.id)).toBe(true);
    expect(await ports.clients.revoke(crypto.randomUUID())).toBe(false);
  });
});
