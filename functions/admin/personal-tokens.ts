import { randomUUID } from 'node:crypto';
import type { Container } from '../container.js';
import { audit } from '../log.js';
import { nowSeconds } from '../oauth/crypto.js';
import { OAuthError } from '../oauth/errors.js';
import { newGrantId } from '../oauth/issue.js';
import type { Grant, User } from '../oauth/ports.js';
import { grantableScopes, parseScopeParam } from '../oauth/scopes.js';
import { signAccessToken } from '../oauth/tokens.js';
import { AdminError } from './errors.js';
import { requireName } from './validation.js';

export interface PersonalTokenInput {
  readonly user: User;
  readonly name: string | undefined;
  readonly scopes?: string | undefined;
  readonly issuer: string;
}

/**
 * Issues a personal access token through the newest non-revoked personal access client
 * (SPEC §6): a grant record the user can list and revoke, and a JWT carrying its id. Shared by
 * `token:create` and the management API.
 */
export async function createPersonalToken(deps: Container, input: PersonalTokenInput) {
  const name = requireName(input.name);
  const client = await deps.clients.newestPersonalClient();
  if (!client) {
    throw new AdminError('there is no personal access client: create one with client:create --personal', 'invalid');
  }
  let scopes: readonly string[];
  try {
    scopes = grantableScopes(parseScopeParam(input.scopes), {
      catalogue: await deps.scopes.catalogue(),
      client: client.scopes,
      user: input.user.scopes,
      defaults: deps.config.defaultScopes,
    });
  } catch (error) {
    if (error instanceof OAuthError) throw new AdminError(error.message, 'invalid', 'scopes');
    throw error;
  }
  const createdAt = nowSeconds();
  const grant: Grant = {
    id: newGrantId(),
    kind: 'personal',
    clientId: client.id,
    userId: input.user.id,
    scopes,
    name,
    jti: randomUUID(),
    createdAt,
    expiresAt: createdAt + deps.config.personalTokenTtl,
    revoked: false,
  };
  await deps.store.createGrant(grant);
  const access = await signAccessToken(deps.keys, {
    issuer: input.issuer,
    audience: deps.config.audience ?? input.issuer,
    subject: input.user.id,
    clientId: client.id,
    scopes,
    ttlSeconds: deps.config.personalTokenTtl,
    grantId: grant.id,
    jti: grant.jti!,
  });
  audit('token.issued', { grant_type: 'personal_access', client_id: client.id, user_id: input.user.id, jti: access.jti, grant_id: grant.id });
  return {
    id: grant.id,
    name,
    access_token: access.token,
    scopes: [...scopes],
    expires_at: new Date(access.expiresAt * 1000).toISOString(),
  };
}

/** Revokes a token by its id: the grant, and with it the access token and any refresh token. */
export async function revokeToken(deps: Container, id: string) {
  const { grant } = await deps.store.load({ grantId: id });
  if (!grant) throw new AdminError(`no token with id ${id}`, 'not_found');
  await deps.store.revokeGrant(id);
  audit('token.revoked', { client_id: grant.clientId, user_id: grant.userId, grant_id: id, reason: 'admin' });
  return { id, revoked: true as const };
}
