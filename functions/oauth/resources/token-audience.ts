import type { Resource } from '../ports.js';
import type { AccessTokenClaims } from '../tokens/access-tokens.js';
import { resourceToRead } from './resource-parameter.js';

/**
 * Introspection and revocation answer for every access token Connect signed for a known
 * audience: its AUDIENCE, or a registered resource (RFC 8707). A token signed for anything else
 * is not one of ours to describe (RFC 9068 §4; issue #10): it stays inactive, as before.
 */

/** The resource to read in the request's batch for a verified token's `aud`; none when it is AUDIENCE (or unusable). */
export function audienceToRead(claims: AccessTokenClaims | undefined, audience: string): string | undefined {
  if (!claims || claims.aud === audience || typeof claims.aud !== 'string') return undefined;
  return resourceToRead(claims.aud);
}

/** The claims, if their `aud` is AUDIENCE or the registered resource the batch found for it. */
export function withKnownAudience(
  claims: AccessTokenClaims | undefined,
  audience: string,
  resource: Resource | undefined,
): AccessTokenClaims | undefined {
  if (!claims) return undefined;
  if (claims.aud === audience) return claims;
  return typeof claims.aud === 'string' && resource !== undefined && resource.uri === claims.aud ? claims : undefined;
}
