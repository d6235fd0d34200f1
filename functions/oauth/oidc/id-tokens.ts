import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { nowSeconds } from '../../clock.js';
import type { AuthorizationRequest } from '../endpoints/authorization-request.js';
import type { GrantContext, TokenResponse } from '../grants/grant.js';
import type { Authorization, AuthorizationCode, Client, Session } from '../ports.js';
import { OPENID_SCOPE } from './scopes.js';

/** What an id_token says about the sign-in behind it, as stored with the code and the grant. */
export interface Identity {
  readonly userId: string;
  readonly scopes: readonly string[];
  readonly nonce?: string | undefined;
  readonly authTime?: number | undefined;
  readonly sid?: string | undefined;
}

/**
 * What a code keeps for its id_token (OIDC Core §3.1.2.1): the nonce, the sign-in time and the
 * session's public id — only when `openid` was asked for.
 */
export function codeIdentity(request: AuthorizationRequest, session: Session | undefined): Pick<AuthorizationCode, 'nonce' | 'authTime' | 'sid'> {
  if (!request.scopes.includes(OPENID_SCOPE) || !session) return {};
  return {
    ...(request.oidc?.nonce !== undefined ? { nonce: request.oidc.nonce } : {}),
    authTime: session.createdAt,
    ...(session.sid !== undefined ? { sid: session.sid } : {}),
  };
}

/** What the refresh-token family keeps, so a refreshed id_token names the same sign-in (§12.2). */
export function grantIdentity(code: AuthorizationCode): Pick<Authorization, 'authTime' | 'sid'> {
  return { ...(code.authTime !== undefined ? { authTime: code.authTime } : {}), ...(code.sid !== undefined ? { sid: code.sid } : {}) };
}

/** OIDC Core §3.1.3.6: base64url of the left half of the SHA-256 of the access token (RS256). */
export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/**
 * Adds the id_token to a token response whose scopes include `openid` (OIDC Core §3.1.3.3):
 * RS256 under the key that signs access tokens (same JWKS, same rotation), `aud` the client,
 * `sub` the user as in the access token, `at_hash` of that access token. A refresh passes no
 * nonce: §12.2 wants the original sign-in's `auth_time`, and no new nonce exists.
 */
export async function withIdToken(
  context: Pick<GrantContext, 'keys' | 'issuer' | 'config'>,
  client: Client,
  response: TokenResponse,
  identity: Identity,
): Promise<TokenResponse> {
  if (!identity.scopes.includes(OPENID_SCOPE)) return response;
  const { kid, key } = await context.keys.signer();
  const iat = nowSeconds();
  const idToken = await new SignJWT({
    ...(identity.authTime !== undefined ? { auth_time: identity.authTime } : {}),
    ...(identity.nonce !== undefined ? { nonce: identity.nonce } : {}),
    at_hash: atHash(response.access_token),
    ...(identity.sid !== undefined ? { sid: identity.sid } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(context.issuer)
    .setSubject(identity.userId)
    .setAudience(client.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + context.config.accessTokenTtl)
    .sign(key);
  return { ...response, id_token: idToken };
}
