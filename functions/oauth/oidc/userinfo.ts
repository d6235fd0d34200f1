import { OAuthError } from '../errors.js';
import { expectedToken, verifyAccessToken } from '../tokens/access-tokens.js';
import type { KeyRing } from '../tokens/keyring.js';
import { clientIsLive, grantIsLive, liveTokenReads } from '../tokens/live-token.js';
import type { ReadPorts, User, UserRepository } from '../ports.js';
import { EMAIL_SCOPE, OPENID_SCOPE, PROFILE_SCOPE } from './scopes.js';

export interface UserinfoDeps extends ReadPorts {
  /** The user by id (the sub of a token): a GSI query, run beside the batch. */
  readonly users: Pick<UserRepository, 'getById'>;
  readonly keys: KeyRing;
  readonly config: { readonly audience: string | undefined };
}

export interface UserinfoRequest {
  readonly authorization: string | undefined;
  /** POST only: the form body, which may carry `access_token` (RFC 6750 §2.2). */
  readonly body: Readonly<Record<string, string>> | undefined;
  readonly issuer: string;
}

/** RFC 6750 §2.1: `Bearer <b64token>`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * GET/POST /oauth/userinfo (OIDC Core §5.3): the claims of the token's user that its scopes
 * release — `sub` always, `name` and `updated_at` with `profile`, `email` and
 * `email_verified` with `email`. The token is checked as introspection checks it (signature,
 * issuer, audience, expiry; then, live, its deny-listed jti, its grant and its client) in one
 * BatchGetItem, with the user read beside it (a GSI query by id) — one round trip.
 * Errors per RFC 6750 §3.1: 401 `invalid_token`, 403 `insufficient_scope`.
 */
export async function userinfo(deps: UserinfoDeps, request: UserinfoRequest): Promise<Record<string, unknown>> {
  const token = bearerToken(request);
  const claims = await verifyAccessToken(deps.keys, token, expectedToken(deps.config, request.issuer));
  if (!claims) throw invalidToken('The access token is invalid or expired.');
  const scopes = claims.scope?.split(' ').filter(Boolean) ?? [];
  if (!scopes.includes(OPENID_SCOPE)) throw insufficientScope(`The access token lacks the scope "${OPENID_SCOPE}".`);
  // Client credentials tokens carry no grant and name no user: nothing to say (they cannot carry openid anyway).
  if (!claims.gid) throw invalidToken('The access token names no user.');
  const [found, user] = await Promise.all([deps.batch.load(liveTokenReads(deps.reads, claims)), deps.users.getById(claims.sub)]);
  if (!clientIsLive(found) || !grantIsLive(claims, found.client, found.grant)) throw invalidToken('The access token has been revoked.');
  if (!user) throw invalidToken('The user of this access token no longer exists.');
  return claimsFor(user, scopes);
}

/** OIDC Core §5.4: the standard claims each scope releases. */
export function claimsFor(user: User, scopes: readonly string[]): Record<string, unknown> {
  return {
    sub: user.id,
    ...(scopes.includes(PROFILE_SCOPE) ? { name: user.name, updated_at: user.updatedAt ?? user.createdAt } : {}),
    ...(scopes.includes(EMAIL_SCOPE) ? { email: user.email, email_verified: user.emailVerified === true } : {}),
  };
}

/** RFC 6750 §2.1 (header) or §2.2 (form body, POST); never both (§2: "MUST NOT use more than one method"). */
function bearerToken(request: UserinfoRequest): string {
  const inBody = request.body?.access_token;
  if (request.authorization !== undefined && inBody !== undefined) {
    throw new OAuthError('invalid_request', 'Send the access token in the Authorization header or in the body, not both.');
  }
  if (inBody !== undefined) {
    if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(inBody)) throw invalidToken('The access token is malformed.');
    return inBody;
  }
  if (request.authorization === undefined) {
    // §3.1: a request with no credentials gets the bare challenge, without an error code.
    throw new OAuthError('invalid_token', 'Send a Bearer access token with the scope openid.', { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  const token = BEARER.exec(request.authorization.trim())?.[1];
  if (!token) throw invalidToken('The Authorization header must carry a Bearer access token (RFC 6750).');
  return token;
}

function invalidToken(description: string): OAuthError {
  return new OAuthError('invalid_token', description, {
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  });
}

function insufficientScope(description: string): OAuthError {
  return new OAuthError('insufficient_scope', description, {
    headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", error_description="${description}", scope="${OPENID_SCOPE}"` },
  });
}
