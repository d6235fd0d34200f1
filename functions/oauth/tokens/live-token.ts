import type { Authorization, Client, ReadCatalog } from '../ports.js';
import type { AccessTokenClaims } from './access-tokens.js';

/**
 * A signed access token is only as live as what stands behind it: its `jti` not deny-listed,
 * its client not revoked, and — for a user's token — its grant (`gid`) not revoked and still
 * the same user's with the same client. The reads that tell, for the request's one batch.
 */
export function liveTokenReads(reads: ReadCatalog, claims: AccessTokenClaims) {
  return {
    client: reads.client(claims.client_id),
    revoked: reads.revokedJti(claims.jti),
    ...(claims.gid ? { grant: reads.grant(claims.gid) } : {}),
  };
}

/** The token's client still stands and its `jti` was not revoked. */
export function clientIsLive<F extends { readonly client?: Client | undefined; readonly revoked: boolean }>(found: F): found is F & { readonly client: Client } {
  return !found.revoked && found.client !== undefined && !found.client.revoked;
}

/** The user's grant behind the token still stands, for that user and that client. */
export function grantIsLive(claims: AccessTokenClaims, client: Client, grant: Authorization | undefined): grant is Authorization {
  return grant !== undefined && !grant.revoked && grant.userId === claims.sub && grant.clientId === client.id;
}
