import type { Read, ReadCatalog, ScopeCatalogue } from '../oauth/ports.js';
import { attemptsRead } from './attempts.js';
import type { CatalogueCache } from './catalogue-cache.js';
import { codeRead } from './codes.js';
import { consentRead } from './consents.js';
import { deviceCodeRead, userCodeRead } from './device-codes.js';
import { clientRead, grantRead, refreshRead, revokedJtiRead, userRead } from './items.js';
import { catalogueFromItem, catalogueRead } from './scopes.js';
import { resourceRead } from './resources.js';
import { sessionRead } from './sessions.js';

/**
 * The read descriptors each store module exports, gathered behind the port oauth/ names them
 * through (DESIGN rule 11). One per container: the scope catalogue's descriptor serves the
 * container's cached copy (no key: the batch skips it) while that copy is fresh and knows
 * every scope the request names; otherwise it reads the item in the batch and refreshes the
 * cache with what it read.
 */
export function readCatalog(catalogueCache: CatalogueCache): ReadCatalog {
  return {
    client: clientRead,
    user: userRead,
    grant: grantRead,
    refresh: refreshRead,
    revokedJti: revokedJtiRead,
    code: codeRead,
    session: sessionRead,
    consent: consentRead,
    attempts: attemptsRead,
    resource: resourceRead,
    catalogue: (scopeNames = []) => cachedCatalogue(catalogueCache, scopeNames) ?? catalogueReadCaching(catalogueCache),
    deviceCode: deviceCodeRead,
    userCode: userCodeRead,
  };
}

function cachedCatalogue(cache: CatalogueCache, scopeNames: readonly string[]): Read<ScopeCatalogue> | undefined {
  const cached = cache.get();
  if (!cached || !scopeNames.every((name) => cached.has(name))) return undefined;
  return { fromItem: () => cached };
}

function catalogueReadCaching(cache: CatalogueCache): Read<ScopeCatalogue> {
  const read = catalogueRead();
  return {
    key: read.key,
    fromItem: (item) => {
      const catalogue = catalogueFromItem(item);
      cache.set(catalogue);
      return catalogue;
    },
  };
}
