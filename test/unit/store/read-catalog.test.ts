import { describe, expect, it } from 'vitest';
import { CATALOGUE_CACHE_SECONDS, CatalogueCache } from '../../../functions/store/catalogue-cache.js';
import { readCatalog } from '../../../functions/store/read-catalog.js';
import { MemoryBatchReader, putCatalogue } from '../../support/memory-store.js';

/** The catalogue's descriptor over an in-memory table, with a container cache on a clock the test moves. */
function world() {
  let now = 1_000_000;
  const batch = new MemoryBatchReader();
  const reads = readCatalog(new CatalogueCache(() => now));
  putCatalogue(batch, { 'orders:read': 'Read orders' });
  const catalogue = async (names?: readonly string[]) => {
    const before = batch.batches;
    const { catalogue } = await batch.load({ catalogue: reads.catalogue(names) });
    return { names: [...catalogue.keys()], batches: batch.batches - before };
  };
  return { batch, catalogue, pass: (seconds: number) => (now += seconds * 1000) };
}

describe('the scope catalogue as a read descriptor (SPEC §6, 10 s per container)', () => {
  it('reads the catalogue once, then serves the container’s copy without a batch', async () => {
    const { catalogue } = world();
    expect(await catalogue(['orders:read'])).toEqual({ names: ['orders:read'], batches: 1 });
    expect(await catalogue(['orders:read'])).toEqual({ names: ['orders:read'], batches: 0 });
    expect(await catalogue()).toEqual({ names: ['orders:read'], batches: 0 });
  });

  it('reads it again in the batch when the request names a scope the copy lacks', async () => {
    const { batch, catalogue } = world();
    await catalogue();
    putCatalogue(batch, { 'orders:read': 'Read orders', 'orders:write': 'Change orders' });
    expect(await catalogue(['orders:write'])).toEqual({ names: ['orders:read', 'orders:write'], batches: 1 });
    expect(await catalogue(['orders:write'])).toEqual({ names: ['orders:read', 'orders:write'], batches: 0 });
  });

  it('reads it again once the copy is as old as the cache allows', async () => {
    const { batch, catalogue, pass } = world();
    await catalogue();
    putCatalogue(batch, { 'orders:read': 'Read orders', 'orders:write': 'Change orders' });
    pass(CATALOGUE_CACHE_SECONDS - 1);
    expect(await catalogue()).toEqual({ names: ['orders:read'], batches: 0 });
    pass(1);
    expect(await catalogue()).toEqual({ names: ['orders:read', 'orders:write'], batches: 1 });
  });
});
