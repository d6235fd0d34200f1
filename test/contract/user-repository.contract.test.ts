import { beforeEach, describe, expect, it } from 'vitest';
import { ADAPTERS, type AdminPorts } from '../support/memory-admin.js';
import { aUserRecord } from '../support/records.js';

/** The UserRepository port's contract (SPEC §3), held by the DynamoDB adapter and the in-memory one alike. */
describe.each(ADAPTERS)('the user repository (%s)', (_name, make) => {
  let ports: AdminPorts;

  beforeEach(async () => {
    ports = await make();
  });

  it('reads a user back by email, whatever its case and spacing, and by id', async () => {
    const user = aUserRecord({ email: 'ada@example.com', scopes: ['read'] });
    expect(await ports.users.create(user)).toBe(true);
    expect(await ports.users.getByEmail('  Ada@Example.COM ')).toEqual(user);
    expect(await ports.users.getById(user.id)).toEqual(user);
    expect(await ports.users.getByEmail('grace@example.com')).toBeUndefined();
    expect(await ports.users.getById(crypto.randomUUID())).toBeUndefined();
  });

  it('refuses an email that is taken, in any case, and keeps the first user', async () => {
    const user = aUserRecord({ email: 'ada@example.com' });
    await ports.users.create(user);
    expect(await ports.users.create(aUserRecord({ email: 'ADA@example.com' }))).toBe(false);
    expect((await ports.users.getByEmail('ada@example.com'))?.id).toBe(user.id);
  });

  it('lists every user oldest first', async () => {
    const users = [aUserRecord({ createdAt: 300 }), aUserRecord({ createdAt: 100 }), aUserRecord({ createdAt: 200 })];
    for (const user of users) await ports.users.create(user);
    expect((await ports.users.list()).map((u) => u.createdAt)).toEqual([100, 200, 300]);
  });
});
