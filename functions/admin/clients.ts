import { randomUUID } from 'node:crypto';
import { creationStamp, nowSeconds } from '../clock.js';
import type { AdminDeps } from './deps.js';
import { audit } from '../log.js';
import { randomToken } from '../oauth/crypto.js';
import { hashSecret } from '../oauth/passwords.js';
import { BUILT_IN_SCOPES } from '../oauth/scopes.js';
import { DEVICE_CODE_GRANT, type Client, type ClientKind, type GrantType, type PageRequest } from '../oauth/ports.js';
import { AdminError } from './errors.js';
import { requireUser } from './users.js';
import { catalogueScopes, requireName, requireRedirectUri } from './validation.js';

/** SPEC §3: what each kind of client may do. */
const GRANT_TYPES: Record<ClientKind, GrantType[]> = {
  confidential: ['authorization_code', 'refresh_token'],
  public: ['authorization_code', 'refresh_token'],
  password: ['password', 'refresh_token'],
  personal: [],
  client_credentials: ['client_credentials'],
  // RFC 8628; confidential, or public (`--device --public`: no secret, client_id alone).
  device: [DEVICE_CODE_GRANT, 'refresh_token'],
};

export interface CreateClientInput {
  readonly name: string | undefined;
  readonly kind: ClientKind;
  readonly redirectUris?: readonly string[];
  /** The owner, by email (CLI) — or `userId` (management API). */
  readonly userEmail?: string | undefined;
  readonly userId?: string | undefined;
  readonly scopes?: string | undefined;
  readonly firstParty?: boolean;
  /** A resource server: may introspect tokens issued to other clients (SPEC §6). */
  readonly introspect?: boolean;
  /** RP-Initiated Logout 1.0 §3.1: where /oauth/end-session may return (`--post-logout-redirect-uri`). */
  readonly postLogoutRedirectUris?: readonly string[];
  /** A device client without a secret (`client:create --device --public`). */
  readonly public?: boolean;
}

/** `client:create`: the client as the CLI shows it, with its secret this once. */
export async function createClient(deps: Pick<AdminDeps, 'clients' | 'scopes' | 'users'>, input: CreateClientInput) {
  const { client, secret } = await registerClient(deps, input);
  const { client_id, ...rest } = describeClient(client);
  // SPEC §3's order: the secret right under the id, where the user looks for it.
  return { client_id, ...(secret ? { client_secret: secret } : {}), ...rest };
}

/** Authorization-code clients (confidential and public) redirect; the other kinds never do. */
export function usesRedirects(kind: ClientKind): boolean {
  return kind === 'confidential' || kind === 'public';
}

/**
 * The redirect URIs of a client of this kind: valid, deduplicated, present exactly when the kind
 * redirects. `field` names the request field they came from (the CLI's flag when absent).
 */
export function clientRedirectUris(kind: ClientKind, raw: readonly string[], field?: string): string[] {
  const redirectUris = [...new Set(raw.map((uri) => requireRedirectUri(uri, field)))];
  if (usesRedirects(kind) && redirectUris.length === 0) {
    const needed = field ? `redirect URI (${field})` : '--redirect-uri';
    throw new AdminError(`this client needs at least one ${needed}`, 'invalid', field ?? 'redirect_uris');
  }
  if (!usesRedirects(kind) && redirectUris.length > 0) {
    throw new AdminError('only authorization-code clients take redirect URIs', 'invalid', field ?? 'redirect_uris');
  }
  return redirectUris;
}

/** Post-logout redirect URIs: checked like redirect URIs, and only for clients that sign users in (OpenID Connect). */
function logoutRedirectUris(kind: ClientKind, raw: readonly string[]): string[] {
  const uris = [...new Set(raw.map((uri) => requireRedirectUri(uri, 'post_logout_redirect_uris')))];
  if (uris.length > 0 && !usesRedirects(kind)) {
    throw new AdminError('only authorization-code clients take post-logout redirect URIs', 'invalid', 'post_logout_redirect_uris');
  }
  return uris;
}

/**
 * Registers a client: `client:create`, `POST /oauth/clients` and the account page all come
 * here. Returns the record and, for kinds that have one, the secret — the only time it exists
 * outside its argon2id hash.
 */
export async function registerClient(deps: Pick<AdminDeps, 'clients' | 'scopes' | 'users'>, input: CreateClientInput & { readonly redirectField?: string }) {
  const name = requireName(input.name);
  const publicClient = input.kind === 'public' || (input.kind === 'device' && input.public === true);
  if (input.introspect && publicClient) {
    throw new AdminError('a public client has no secret to authenticate with, so it cannot introspect tokens', 'invalid', 'introspect');
  }
  const redirectUris = clientRedirectUris(input.kind, input.redirectUris ?? [], input.redirectField);
  const postLogoutRedirectUris = logoutRedirectUris(input.kind, input.postLogoutRedirectUris ?? []);
  const userId = input.userId ?? (input.userEmail ? (await requireUser(deps, input.userEmail)).id : undefined);
  // The catalogue is read only when there are scopes to check against it.
  const scopes = input.scopes === undefined ? undefined : catalogueScopes(input.scopes, await deps.scopes.catalogue(), BUILT_IN_SCOPES);
  const secret = publicClient ? undefined : randomToken(32);
  const client: Client = {
    id: randomUUID(),
    name,
    kind: input.kind,
    secrets: secret ? [{ hash: await hashSecret(secret) }] : [],
    redirectUris,
    grantTypes: GRANT_TYPES[input.kind],
    scopes: scopes ?? null,
    ...(userId ? { userId } : {}),
    firstParty: input.firstParty === true,
    introspect: input.introspect === true,
    ...(postLogoutRedirectUris.length > 0 ? { postLogoutRedirectUris } : {}),
    revoked: false,
    // Fractional seconds: "the newest personal access client" must be well defined (SPEC §6).
    createdAt: creationStamp(),
  };
  await deps.clients.create(client);
  audit('client.created', { client_id: client.id, user_id: userId, reason: client.kind });
  return { client, secret };
}

/** The public view of a client: never a secret or its hash. */
export function describeClient(client: Client) {
  return {
    client_id: client.id,
    name: client.name,
    kind: client.kind,
    grant_types: [...client.grantTypes],
    redirect_uris: [...client.redirectUris],
    scopes: client.scopes ? [...client.scopes] : null,
    ...(client.userId ? { user_id: client.userId } : {}),
    first_party: client.firstParty,
    introspect: client.introspect,
    ...(client.postLogoutRedirectUris?.length ? { post_logout_redirect_uris: [...client.postLogoutRedirectUris] } : {}),
    revoked: client.revoked,
    created_at: new Date(client.createdAt * 1000).toISOString(),
  };
}

export async function listClients(deps: Pick<AdminDeps, 'clients'>) {
  return { clients: (await deps.clients.list()).map(describeClient) };
}

/** `client:revoke`, and a user deleting their own client (`ownerId`): its tokens stop at once. */
export async function revokeClient(deps: Pick<AdminDeps, 'clients'>, id: string, ownerId?: string) {
  if (!(await deps.clients.revoke(id, ownerId))) throw new AdminError(`no client with id ${id}`, 'not_found');
  audit('client.revoked', { client_id: id, user_id: ownerId });
  return { id, revoked: true as const };
}

/** A user's own live clients, newest first, a page at a time. */
export async function listUserClients(deps: Pick<AdminDeps, 'account'>, userId: string, page: PageRequest) {
  const found = await deps.account.clients(userId, page);
  if (!found) throw new AdminError('the cursor is not valid: start again without one', 'invalid', 'cursor');
  return found;
}

export interface ClientChanges {
  readonly name: string | undefined;
  readonly redirectUris: readonly string[];
  readonly redirectField?: string;
}

/**
 * A user renames a client of theirs and replaces its redirect URIs (Passport's
 * `PUT /oauth/clients/{id}`). `client` is what the caller read; the write checks ownership
 * again, so a client revoked or taken meanwhile is "not found" too.
 */
export async function updateClient(deps: Pick<AdminDeps, 'account'>, userId: string, id: string, client: Client | undefined, changes: ClientChanges) {
  if (!client || client.userId !== userId || client.revoked) throw new AdminError(`no client with id ${id}`, 'not_found');
  const name = requireName(changes.name);
  const redirectUris = clientRedirectUris(client.kind, changes.redirectUris, changes.redirectField);
  const updated = await deps.account.updateClient(id, userId, { name, redirectUris });
  if (!updated) throw new AdminError(`no client with id ${id}`, 'not_found');
  return updated;
}

/**
 * A new secret. The previous one stays valid for `graceSeconds` (default none), so at most two
 * work at a time (SPEC §3); the compare-and-set write means two rotations cannot interleave.
 */
export async function rotateClientSecret(deps: Pick<AdminDeps, 'clients'>, id: string, graceSeconds = 0, ownerId?: string) {
  const client = await deps.clients.get(id);
  if (!client || (ownerId !== undefined && (client.userId !== ownerId || client.revoked))) {
    throw new AdminError(`no client with id ${id}`, 'not_found');
  }
  if (client.revoked) throw new AdminError(`client ${id} is revoked`, 'invalid');
  if (client.kind === 'public') throw new AdminError(`client ${id} is public: it has no secret`, 'invalid');
  const secret = randomToken(32);
  const hash = await hashSecret(secret);
  const now = nowSeconds();
  for (let attempt = 0; attempt < 3; attempt++) {
    const raw = await deps.clients.rawSecrets(id);
    if (!raw) throw new AdminError(`no client with id ${id}`, 'not_found');
    const current = raw.find((s) => s.expiresAt === undefined);
    const next = [
      { hash },
      ...(graceSeconds > 0 && current ? [{ hash: current.hash, expiresAt: now + graceSeconds }] : []),
    ];
    if (await deps.clients.replaceSecrets(id, raw, next)) {
      audit('client.secret_rotated', { client_id: id, user_id: ownerId, reason: `previous secret valid for ${graceSeconds} s` });
      return { client_id: id, client_secret: secret };
    }
  }
  throw new AdminError(`the secret of client ${id} is being rotated concurrently; try again`, 'conflict');
}

