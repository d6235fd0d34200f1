import type { Client, Authorization } from '../../oauth/ports.js';

/**
 * The JSON shapes of Laravel Passport's management routes, from Connect's records. Times are
 * ISO 8601. A client's secret is only ever its argon2id hash, so it is never shown: `secret`
 * is null, except in the answer to the creation, which carries it (also as `plainSecret`,
 * Passport's name for it when secrets are hashed).
 */
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();

export function clientJson(client: Client, plainSecret?: string) {
  return {
    id: client.id,
    user_id: client.userId ?? null,
    name: client.name,
    secret: plainSecret ?? null,
    ...(plainSecret ? { plainSecret } : {}),
    redirect: client.redirectUris.join(','),
    redirect_uris: [...client.redirectUris],
    ...(client.postLogoutRedirectUris?.length ? { post_logout_redirect_uris: [...client.postLogoutRedirectUris] } : {}),
    personal_access_client: client.kind === 'personal',
    password_client: client.kind === 'password',
    confidential: client.kind !== 'public' && client.secrets.length > 0,
    device_client: client.kind === 'device',
    first_party: client.firstParty,
    grant_types: [...client.grantTypes],
    scopes: client.scopes ? [...client.scopes] : null,
    revoked: client.revoked,
    created_at: iso(client.createdAt),
    updated_at: iso(client.updatedAt ?? client.createdAt),
  };
}

/** A token as Passport lists it: the grant behind it (a personal access token, or a refresh-token family). */
export function tokenJson(grant: Authorization) {
  return {
    id: grant.id,
    user_id: grant.userId,
    client_id: grant.clientId,
    name: grant.name ?? null,
    scopes: [...grant.scopes],
    revoked: grant.revoked,
    created_at: iso(grant.createdAt),
    updated_at: iso(grant.createdAt),
    expires_at: iso(grant.expiresAt),
  };
}

/** An authorized application (`GET /oauth/tokens`): the token with its client. */
export function authorizedAppJson(grant: Authorization, client: Client) {
  return { ...tokenJson(grant), client: { id: client.id, name: client.name } };
}

/** Passport's Scope: `id` is the scope's name. */
export function scopeJson(scope: { name: string; description: string }) {
  return { id: scope.name, name: scope.name, description: scope.description };
}
