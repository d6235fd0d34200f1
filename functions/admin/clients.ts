import { randomUUID } from 'node:crypto';
import type { Container } from '../container.js';
import { randomToken } from '../oauth/crypto.js';
import { hashSecret } from '../oauth/passwords.js';
import type { Client, ClientKind, GrantType } from '../oauth/ports.js';
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
}

export async function createClient(deps: Container, input: CreateClientInput) {
  const name = requireName(input.name);
  const redirectUris = [...new Set((input.redirectUris ?? []).map(requireRedirectUri))];
  const usesRedirects = input.kind === 'confidential' || input.kind === 'public';
  if (usesRedirects && redirectUris.length === 0) {
    throw new AdminError('this client needs at least one --redirect-uri', 'invalid', 'redirect_uris');
  }
  if (!usesRedirects && redirectUris.length > 0) {
    throw new AdminError('only authorization-code clients take redirect URIs', 'invalid', 'redirect_uris');
  }
  const userId = input.userId ?? (input.userEmail ? (await requireUser(deps, input.userEmail)).id : undefined);
  const scopes = catalogueScopes(input.scopes, await deps.scopes.catalogue());
  const secret = input.kind === 'public' ? undefined : randomToken(32);
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
    revoked: false,
    // Fractional seconds: "the newest personal access client" must be well defined (SPEC §6).
    createdAt: Date.now() / 1000,
  };
  await deps.clients.create(client);
  return { ...describeClient(client), ...(secret ? { client_secret: secret } : {}) };
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
    revoked: client.revoked,
    created_at: new Date(client.createdAt * 1000).toISOString(),
  };
}

export async function listClients(deps: Container) {
  return { clients: (await deps.clients.list()).map(describeClient) };
}

export async function revokeClient(deps: Container, id: string) {
  if (!(await deps.clients.revoke(id))) throw new AdminError(`no client with id ${id}`, 'not_found');
  return { id, revoked: true as const };
}

/**
 * A new secret. The previous one stays valid for `graceSeconds` (default none), so at most two
 * work at a time (SPEC §3); the compare-and-set write means two rotations cannot interleave.
 */
export async function rotateClientSecret(deps: Container, id: string, graceSeconds = 0) {
  const client = await deps.clients.get(id);
  if (!client) throw new AdminError(`no client with id ${id}`, 'not_found');
  if (client.revoked) throw new AdminError(`client ${id} is revoked`, 'invalid');
  if (client.kind === 'public') throw new AdminError(`client ${id} is public: it has no secret`, 'invalid');
  const secret = randomToken(32);
  const hash = await hashSecret(secret);
  const now = Math.floor(Date.now() / 1000);
  for (let attempt = 0; attempt < 3; attempt++) {
    const raw = await deps.clients.rawSecrets(id);
    if (!raw) throw new AdminError(`no client with id ${id}`, 'not_found');
    const current = raw.find((s) => s.expiresAt === undefined);
    const next = [
      { hash },
      ...(graceSeconds > 0 && current ? [{ hash: current.hash, expiresAt: now + graceSeconds }] : []),
    ];
    if (await deps.clients.replaceSecrets(id, raw, next)) return { client_id: id, client_secret: secret };
  }
  throw new AdminError(`the secret of client ${id} is being rotated concurrently; try again`, 'conflict');
}

