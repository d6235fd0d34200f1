import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { nowSeconds } from '../../clock.js';
import type { KeyRing } from './keyring.js';

/** RFC 9068 §2.1: the media type of a JWT access token. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface AccessTokenInput {
  readonly issuer: string;
  readonly audience: string;
  /** The user, or the client itself for client credentials (RFC 9068 §2.2). */
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly ttlSeconds: number;
  /** The grant behind the token, so that revoking the grant revokes the token. */
  readonly grantId?: string;
  readonly jti?: string;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface AccessTokenClaims extends JWTPayload {
  readonly iss: string;
  readonly sub: string;
  readonly client_id: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  readonly scope?: string;
  /** Private claim: the grant id (absent for client credentials, which write no grant). */
  readonly gid?: string;
}

export async function signAccessToken(keys: Pick<KeyRing, 'signer'>, input: AccessTokenInput): Promise<IssuedAccessToken> {
  const { kid, key } = await keys.signer();
  const issuedAt = nowSeconds();
  const expiresAt = issuedAt + input.ttlSeconds;
  const jti = input.jti ?? randomUUID();
  const token = await new SignJWT({
    client_id: input.clientId,
    ...(input.scopes.length > 0 ? { scope: input.scopes.join(' ') } : {}),
    ...(input.grantId ? { gid: input.grantId } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: ACCESS_TOKEN_TYP })
    .setIssuer(input.issuer)
    .setSubject(input.subject)
    .setAudience(input.audience)
    .setJti(jti)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
  return { token, jti, issuedAt, expiresAt };
}

/** What a token of this server must say about itself (RFC 9068 §4). */
export interface TokenExpectations {
  readonly issuer: string;
  /**
   * AUDIENCE, by default the issuer (SPEC §6); `undefined` = any audience: introspection
   * describes every token this server signed, including those bound to a resource (RFC 8707).
   */
  readonly audience: string | undefined;
}

/** How far ahead of our clock an `iat` may be: clocks of containers drift a little, never a minute. */
export const CLOCK_SKEW_SECONDS = 60;

/** The audience our own tokens carry: AUDIENCE, or the issuer (SPEC §6). */
export function expectedToken(config: { readonly audience: string | undefined }, issuer: string): TokenExpectations {
  return { issuer, audience: config.audience ?? issuer };
}

/** What introspection accepts: any token of ours, whatever resource (`aud`) it is for. */
export function anyAudienceToken(issuer: string): TokenExpectations {
  return { issuer, audience: undefined };
}

/**
 * Checks signature, `typ`, issuer, audience, expiry and that it was not issued in the future
 * (RFC 9068 §4: `iss` and `aud` must be ours; `iat` beyond the clock skew is refused).
 * Returns undefined for anything that is not a valid access token of this server: callers
 * answer "inactive", not an error.
 */
export async function verifyAccessToken(
  keys: KeyRing,
  token: string,
  expected: TokenExpectations,
): Promise<AccessTokenClaims | undefined> {
  try {
    const { kid, alg } = decodeProtectedHeader(token);
    if (!kid || alg !== 'RS256') return undefined;
    const key = await keys.verificationKey(kid);
    if (!key) return undefined;
    const { payload } = await jwtVerify(token, key, {
      issuer: expected.issuer,
      ...(expected.audience !== undefined ? { audience: expected.audience } : {}),
      algorithms: ['RS256'],
      typ: ACCESS_TOKEN_TYP,
      requiredClaims: ['sub', 'jti', 'exp', 'iat', 'client_id'],
    });
    if (typeof payload.iat !== 'number' || payload.iat > nowSeconds() + CLOCK_SKEW_SECONDS) return undefined;
    return payload as AccessTokenClaims;
  } catch {
    return undefined;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}
