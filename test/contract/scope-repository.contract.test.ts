import { beforeEach, describe, expect, it } from 'vitest';
import { ADAPTERS, type AdminPorts } from '../support/memory-admin.js';

/** The ScopeRepository port's contract (SPEC §6), held by the DynamoDB adapter and the in-memory one alike. */
describe.each(ADAPTERS)('the scope repository (%s)', (_name, make) => {
  let ports: AdminPorts;

  beforeEach(async () => {
    ports = await make();
  });

  it('starts with an empty catalogue, creates each scope once and keeps the first description', async () => {
    expect(await ports.scopes.catalogue()).toEqual(new Map());
    expect(await ports.scopes.create('orders:read', 'Read orders')).toBe(true);
    expect(await ports.scopes.create('orders:read', 'Something else')).toBe(false);
    expect(await ports.scopes.create('orders:write', 'Change orders')).toBe(true);
    expect(await ports.scopes.catalogue()).toEqual(new Map([['orders:read', 'Read orders'], ['orders:write', 'Change orders']]));
  });

  it('shows a scope created through the container in its batch reads at once, however fresh its cached copy', async () => {
    await ports.scopes.create('orders:read', 'Read orders');
    const catalogue = async () => [...(await ports.batch.load({ catalogue: ports.reads.catalogue() })).catalogue.keys()];
    expect(await catalogue()).toEqual(['orders:read']); // the copy is now cached
    await ports.scopes.create('orders:write', 'Change orders');
    expect(await catalogue()).toEqual(['orders:read', 'orders:write']);
  });
});
