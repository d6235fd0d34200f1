import { container, type Container } from './container.js';
import { ClientAuthenticator } from './oauth/clients/authentication.js';
import { ClientCache } from './oauth/clients/cache.js';
import { grantRegistry } from './oauth/grants/index.js';

/**
 * The container of the functions that authenticate clients (token, revocation,
 * introspection): the shared wiring plus the grant registry, the argon2 memo, which must
 * live as long as the container so a client secret is verified once per container, and the
 * token endpoint's client cache (CLIENT_CACHE_SECONDS, SPEC §6).
 */
export interface TokenService extends Container {
  readonly authenticator: ClientAuthenticator;
  readonly grants: ReturnType<typeof grantRegistry>;
  readonly clientCache: ClientCache;
}

let shared: TokenService | undefined;

export function tokenService(): TokenService {
  if (!shared) {
    const deps = container();
    shared = {
      ...deps,
      authenticator: new ClientAuthenticator(),
      grants: grantRegistry(deps.users, deps.authorizations),
      clientCache: new ClientCache(deps.config.clientCacheSeconds),
    };
  }
  return shared;
}
