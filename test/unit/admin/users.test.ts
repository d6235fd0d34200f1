import { describe, expect, it } from 'vitest';
import { checkNewUser, createUser } from '../../../functions/admin/users.js';
import { memoryAdminPorts } from '../../support/memory-admin.js';
import { aUserRecord } from '../../support/records.js';

describe('creating a user (SPEC §3) on the in-memory adapters', () => {
  it('checks that the email is free and the scopes exist before a password is asked for', async () => {
    const ports = memoryAdminPorts();
    await ports.scopes.create('orders:read', 'Read orders');
    await ports.users.create(aUserRecord({ email: 'ada@example.com' }));
    await expect(checkNewUser(ports, { email: 'ADA@example.com' })).rejects.toMatchObject({ kind: 'conflict', field: 'email' });
    await expect(checkNewUser(ports, { email: 'grace@example.com', scopes: 'orders:read orders:write' })).rejects.toMatchObject({ kind: 'invalid' });
    expect(await checkNewUser(ports, { email: ' Grace@Example.com ', scopes: 'orders:read' })).toEqual({ email: 'grace@example.com', scopes: ['orders:read'] });
  });

  it('refuses a short password and writes nothing', async () => {
    const ports = memoryAdminPorts();
    await expect(createUser(ports, { email: 'grace@example.com', password: 'short' })).rejects.toMatchObject({ field: 'password' });
    expect(await ports.users.list()).toEqual([]);
  });

  it('stores the user unrestricted when no scopes are given, and never hands back the password hash', async () => {
    const ports = memoryAdminPorts();
    const created = await createUser(ports, { email: 'grace@example.com', password: 'correct horse battery' });
    expect(created).toEqual({ id: expect.any(String), email: 'grace@example.com', name: 'grace@example.com', scopes: null });
    expect((await ports.users.getById(created.id))?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
