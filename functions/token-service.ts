import { container, type Container } from './container.js';
import { ClientAuthenticator } from './oauth/clients/authentication.js';
import { ClientCache } from './oauth/clients/cache.js';

/**
 * The container of the functions that authenticate clients (token, revocation,
 * introspection): the shared wiring plus the argon2 memo, which must
 * live as long as the container so a client secret is verified once per container, and the
 * token endpoint's client cache (CLIENT_CACHE_SECONDS, SPEC §6).
 */
export interface TokenService extends Container {
  readonly authenticator: ClientAuthenticator;
  readonly clientCache: ClientCache;
}

let shared: TokenService | undefined;

export function tokenService(): TokenService {
  if (!shared) {
    const deps = container();
    shared = {
      ...deps,
      authenticator: new ClientAuthenticator(),
      clientCache: new ClientCache(deps.config.clientCacheSeconds),
    };
  }
  return shared;
}
