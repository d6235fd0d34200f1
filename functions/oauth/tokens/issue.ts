import { randomUUID } from 'node:crypto';
import { nowSeconds } from '../../clock.js';
import { audit } from '../../log.js';
import { randomToken, sha256 } from '../crypto.js';
import type { GrantContext, TokenResponse } from '../grants/grant.js';
import type { Client, Authorization, RefreshToken } from '../ports.js';
import { signAccessToken } from './access-tokens.js';

/**
 * A refresh token is `<grant id>.<256 random bits>`: opaque to clients, stored only as its
 * SHA-256 digest, and carrying the grant id so that a refresh reads the token, its grant and
 * the client in one batch.
 */
export function newRefreshToken(
  grantId: string,
  clientId: string,
  scopes: readonly string[],
  ttlSeconds: number,
): { token: string; record: RefreshToken } {
  const token = `${grantId}.${randomToken()}`;
  const createdAt = nowSeconds();
  return { token, record: { digest: sha256(token), grantId, clientId, scopes, createdAt, expiresAt: createdAt + ttlSeconds } };
}

export function grantIdOf(refreshToken: string): string | undefined {
  const match = /^([0-9a-f]{32})\.[\w-]{43}$/.exec(refreshToken);
  return match?.[1];
}

/**
 * Whether a rotated refresh token may still be used: only within REFRESH_GRACE_SECONDS of its
 * rotation, and never when the grace period is 0 (SPEC §5).
 */
export function inRotationGrace(token: RefreshToken, graceSeconds: number, now = nowSeconds()): boolean {
  return token.rotatedAt !== undefined && graceSeconds > 0 && now <= token.rotatedAt + graceSeconds;
}

export function newGrantId(): string {
  return randomUUID().replace(/-/g, '');
}

/** What a new authorization is made of; the id, when not given, and `revoked: false` are added. */
export type NewAuthorization = Omit<Authorization, 'id' | 'revoked'> & { readonly id?: string };

/**
 * The one place an authorization record is made: a refresh-token family (password and
 * authorization-code grants) or a personal access token (admin/personal-tokens.ts).
 */
export function newAuthorization(fields: NewAuthorization): Authorization {
  const { id = newGrantId(), ...rest } = fields;
  return { id, ...rest, revoked: false };
}

/** A new refresh-token family: its authorization and first refresh token, living as long. */
export function newRefreshFamily(
  clientId: string,
  userId: string,
  scopes: readonly string[],
  ttlSeconds: number,
  resource?: string,
): { authorization: Authorization; refresh: { token: string; record: RefreshToken } } {
  const id = newGrantId();
  const refresh = newRefreshToken(id, clientId, scopes, ttlSeconds);
  const { createdAt, expiresAt } = refresh.record;
  const bound = resource !== undefined ? { resource } : {};
  return { authorization: newAuthorization({ id, kind: 'refresh', clientId, userId, scopes, ...bound, createdAt, expiresAt }), refresh };
}

/**
 * Records a new grant with its first refresh token (one transaction) and signs the access
 * token: the shared tail of the password and authorization-code grants.
 */
export async function issueWithRefreshToken(
  context: GrantContext,
  client: Client,
  userId: string,
  scopes: readonly string[],
  resource?: string,
): Promise<TokenResponse> {
  const { authorization, refresh } = newRefreshFamily(client.id, userId, scopes, context.config.refreshTokenTtl, resource);
  await context.store.createGrant(authorization, refresh.record);
  return accessTokenResponse(context, client, userId, scopes, authorization.id, refresh.token, resource);
}

export async function accessTokenResponse(
  context: GrantContext,
  client: Client,
  subject: string,
  scopes: readonly string[],
  grantId: string | undefined,
  refreshToken: string | undefined,
  /** The registered resource the token is for (RFC 8707): its `aud`, instead of AUDIENCE. */
  resource?: string,
): Promise<TokenResponse> {
  const ttl = context.config.accessTokenTtl;
  const access = await signAccessToken(context.keys, {
    issuer: context.issuer,
    audience: resource ?? context.audience,
    subject,
    clientId: client.id,
    scopes,
    ttlSeconds: ttl,
    ...(grantId ? { grantId } : {}),
  });
  audit(context.grantType === 'refresh_token' ? 'token.refreshed' : 'token.issued', {
    grant_type: context.grantType,
    client_id: client.id,
    user_id: subject === client.id ? undefined : subject,
    jti: access.jti,
    grant_id: grantId,
    ip: context.ip,
  });
  return {
    token_type: 'Bearer',
    expires_in: ttl,
    access_token: access.token,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    // RFC 6749 §3.3 has no empty scope: a token with none omits the member (SPEC §6).
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
  };
}
