import type { AttemptCounter, Authorization, BatchReader, Client, Read, ReadResults, Reads, ScopeCatalogue, Snapshot, SnapshotRequest } from '../oauth/ports.js';
import { attemptsRead } from './attempts.js';
import type { CatalogueCache } from './catalogue-cache.js';
import { codeRead } from './codes.js';
import { consentRead } from './consents.js';
import { clientRead, grantRead, refreshRead, revokedJtiRead, userRead } from './items.js';
import { catalogueFromItem, catalogueRead } from './scopes.js';
import { sessionRead } from './sessions.js';

/**
 * The request's reads as named descriptors (each store module exports its own), fetched by
 * the batch port in one BatchGetItem; the catalogue comes from the per-container cache when
 * the cached copy knows every scope the request names.
 */
export async function loadSnapshot<R extends Reads = {}>(
  batch: BatchReader,
  catalogueCache: CatalogueCache,
  request: SnapshotRequest,
  extra: R = {} as R,
): Promise<Snapshot & { readonly extra: ReadResults<R> }> {
  const reads: Record<string, Read<unknown>> = {};
  for (const [name, read] of Object.entries(extra)) reads[`extra:${name}`] = read;
  for (const id of request.clientIds ?? []) reads[`client:${id}`] = clientRead(id);
  for (const id of request.grantIds ?? []) reads[`grants:${id}`] = grantRead(id);
  for (const id of request.attempts ?? []) reads[`attempts:${id}`] = attemptsRead(id);
  if (request.userEmail !== undefined) reads.user = userRead(request.userEmail);
  if (request.grantId !== undefined) reads.grant = grantRead(request.grantId);
  if (request.refreshDigest !== undefined) reads.refresh = refreshRead(request.refreshDigest);
  if (request.revokedJti !== undefined) reads.jtiRevoked = revokedJtiRead(request.revokedJti);
  const cached = request.catalogue ? catalogueCache.get() : undefined;
  const cachedCatalogue = cached && (request.scopeNames ?? []).every((name) => cached.has(name)) ? cached : undefined;
  if (request.catalogue && !cachedCatalogue) reads.catalogue = catalogueRead();
  if (request.codeDigest !== undefined) reads.code = codeRead(request.codeDigest);
  if (request.sessionDigest !== undefined) reads.session = sessionRead(request.sessionDigest);
  if (request.consent !== undefined) reads.consent = consentRead(request.consent.userId, request.consent.clientId);

  const found: Record<string, unknown> = await batch.load(reads);
  const byId = <T>(prefix: string, ids: readonly string[] = []) => {
    const map = new Map<string, T>();
    for (const id of ids) {
      const value = found[`${prefix}:${id}`] as T | undefined;
      if (value) map.set(id, value);
    }
    return map;
  };
  const present = <K extends string>(name: K) => (found[name] !== undefined ? { [name]: found[name] } : {}) as Partial<Snapshot>;
  return {
    clients: byId<Client>('client', request.clientIds),
    ...(request.grantIds ? { grants: byId<Authorization>('grants', request.grantIds) } : {}),
    ...(request.attempts ? { attempts: byId<AttemptCounter>('attempts', request.attempts) } : {}),
    ...present('user'),
    ...present('grant'),
    ...present('refresh'),
    ...present('code'),
    ...present('session'),
    ...present('consent'),
    jtiRevoked: found.jtiRevoked === true,
    catalogue: cachedCatalogue ?? readCatalogue(catalogueCache, request.catalogue === true, found.catalogue as ScopeCatalogue | undefined),
    extra: Object.fromEntries(Object.keys(extra).map((name) => [name, found[`extra:${name}`]])) as ReadResults<R>,
  };
}

function readCatalogue(catalogueCache: CatalogueCache, asked: boolean, read: ScopeCatalogue | undefined): ScopeCatalogue {
  const catalogue = read ?? catalogueFromItem(undefined);
  if (asked) catalogueCache.set(catalogue);
  return catalogue;
}
