import type { ScopeCatalogue } from '../oauth/ports.js';

/** SPEC §6: like the signing keys, a container re-reads the scope catalogue once its copy is this old. */
export const CATALOGUE_CACHE_SECONDS = 10;

/**
 * The scope catalogue as one container last read it. The batch reads of the token and
 * authorization endpoints leave the catalogue out while this is fresh, so a client-credentials
 * token reads one item (the client), not two. A scope created through this container is seen
 * at once; one created elsewhere (the CLI, another container) within 10 s.
 */
export class CatalogueCache {
  private entry: { at: number; catalogue: ScopeCatalogue } | undefined;

  constructor(private readonly clock: () => number = () => Date.now()) {}

  get(): ScopeCatalogue | undefined {
    if (!this.entry || this.clock() - this.entry.at >= CATALOGUE_CACHE_SECONDS * 1000) return undefined;
    return this.entry.catalogue;
  }

  set(catalogue: ScopeCatalogue): void {
    this.entry = { at: this.clock(), catalogue };
  }

  invalidate(): void {
    this.entry = undefined;
  }
}
