import { randomUUID } from 'node:crypto';
import { nowSeconds } from '../clock.js';
import type { AdminDeps } from './deps.js';
import { audit } from '../log.js';
import { newAuthorization } from '../oauth/tokens/issue.js';
import type { Authorization, PageRequest, User } from '../oauth/ports.js';
import { grantableScopes } from '../oauth/scopes.js';
import { signAccessToken } from '../oauth/tokens/access-tokens.js';
import { AdminError } from './errors.js';
import { requireUser } from './users.js';
import { parseScopes, requireKnownScopes, requireName } from './validation.js';

export interface PersonalTokenInput {
  /** The user, or its read still in flight (run alongside the other reads). */
  readonly user: User | Promise<User>;
  readonly name: string | undefined;
  readonly scopes?: string | undefined;
  readonly issuer: string;
  /**
   * The scopes of the Bearer token the request came with, if it did: a token made through
   * another never carries a scope that one lacked (SPEC §6), or a narrow token could mint a
   * wide one.
   */
  readonly within?: readonly string[];
}

/**
 * Issues a personal access token through the newest non-revoked personal access client
 * (SPEC §6): a grant record the user can list and revoke, and a JWT carrying its id. Shared by
 * `token:create` and the management API.
 */
export async function createPersonalToken(deps: Pick<AdminDeps, 'clients' | 'config' | 'keys' | 'scopes' | 'store'>, input: PersonalTokenInput) {
  const { grant, accessToken, expiresAt } = await issuePersonalToken(deps, input);
  return {
    id: grant.id,
    name: grant.name!,
    access_token: accessToken,
    scopes: [...grant.scopes],
    expires_at: new Date(expiresAt * 1000).toISOString(),
  };
}

/**
 * The issuance itself, shared by `token:create`, `POST /oauth/personal-access-tokens` and the
 * account page: the grant record and the token, which exists nowhere else after this.
 * The user, the personal access client and the catalogue are read together.
 */
export async function issuePersonalToken(deps: Pick<AdminDeps, 'clients' | 'config' | 'keys' | 'scopes' | 'store'>, input: PersonalTokenInput) {
  // Awaited below; until then a failing read must not become an unhandled rejection.
  if (input.user instanceof Promise) input.user.catch(() => undefined);
  const name = requireName(input.name);
  const requested = parseScopes(input.scopes);
  const [user, client, catalogue] = await Promise.all([input.user, deps.clients.newestPersonalClient(), deps.scopes.catalogue()]);
  if (!client) {
    throw new AdminError('there is no personal access client: create one with client:create --personal', 'invalid');
  }
  requireKnownScopes(requested, catalogue);
  // A scope it may not grant is refused with the protocol's own invalid_scope (rendered as the
  // `scopes` field's mistake by http/render-error.ts), not translated into an AdminError.
  const scopes = grantableScopes(requested, {
    catalogue,
    client: client.scopes,
    user: user.scopes,
    defaults: deps.config.defaultScopes,
    firstParty: client.firstParty,
  });
  const beyond = input.within && scopes.find((scope) => !input.within!.includes(scope));
  if (beyond) {
    throw new AdminError(`the access token used does not carry the scope "${beyond}", so a token made with it cannot either`, 'invalid', 'scopes');
  }
  const createdAt = nowSeconds();
  const grant = newAuthorization({
    kind: 'personal',
    clientId: client.id,
    userId: user.id,
    scopes,
    name,
    jti: randomUUID(),
    createdAt,
    expiresAt: createdAt + deps.config.personalTokenTtl,
  });
  await deps.store.createGrant(grant);
  const access = await signAccessToken(deps.keys, {
    issuer: input.issuer,
    audience: deps.config.audience ?? input.issuer,
    subject: user.id,
    clientId: client.id,
    scopes,
    ttlSeconds: deps.config.personalTokenTtl,
    grantId: grant.id,
    jti: grant.jti!,
  });
  audit('token.issued', { grant_type: 'personal_access', client_id: client.id, user_id: user.id, jti: access.jti, grant_id: grant.id });
  return { grant, accessToken: access.token, expiresAt: access.expiresAt };
}

/** A user's live personal access tokens (their records, never the tokens), newest first. */
export async function listPersonalTokens(deps: Pick<AdminDeps, 'account'>, userId: string, page: PageRequest) {
  return listGrants(deps, userId, 'personal', page);
}

export async function listGrants(deps: Pick<AdminDeps, 'account'>, userId: string, kind: Authorization['kind'], page: PageRequest) {
  const found = await deps.account.grants(userId, kind, page);
  if (!found) throw new AdminError('the cursor is not valid: start again without one', 'invalid', 'cursor');
  return found;
}

/** Who may revoke: a user, only their own live grants of one kind. */
export interface GrantOwner {
  readonly userId: string;
  readonly kind: Authorization['kind'];
  /** Also forget the consent the user gave the grant's client (revoking an authorized app). */
  readonly forgetConsent?: boolean;
  /** The grant as the caller already read it (so the revocation is one write), if it did. */
  readonly known?: { readonly grant: Authorization | undefined };
}

/**
 * Revokes a token by its id: the grant, and with it the access token and any refresh token.
 * `token:revoke` revokes any; with an `owner` (the management API, the account page) only a
 * live grant of that user and kind — anyone else's id is "not found", never "forbidden".
 */
export async function revokeToken(deps: Pick<AdminDeps, 'account' | 'store' | 'batch' | 'reads'>, id: string, owner?: GrantOwner) {
  const grant = owner?.known ? owner.known.grant : (await deps.batch.load({ grant: deps.reads.grant(id) })).grant;
  if (!owner) {
    if (!grant) throw new AdminError(`no token with id ${id}`, 'not_found');
    await deps.store.revokeGrant(id);
  } else {
    const theirs = grant && grant.userId === owner.userId && grant.kind === owner.kind && !grant.revoked;
    if (!theirs || !(await deps.account.revokeGrant(grant, owner.userId, { forgetConsent: owner.forgetConsent === true }))) {
      throw new AdminError(`no token with id ${id}`, 'not_found');
    }
  }
  audit('token.revoked', { client_id: grant.clientId, user_id: grant.userId, grant_id: id, reason: owner ? 'user' : 'admin' });
  return { id, revoked: true as const };
}

/** What `token:list` shows of a grant: never a token or a digest. */
export function describeToken(grant: Authorization) {
  return {
    id: grant.id,
    name: grant.name ?? null,
    client_id: grant.clientId,
    scopes: [...grant.scopes],
    created_at: new Date(grant.createdAt * 1000).toISOString(),
    expires_at: new Date(grant.expiresAt * 1000).toISOString(),
    revoked: grant.revoked,
  };
}

/**
 * `token:list [--user EMAIL]` (SPEC §3): the live tokens a user can revoke — personal access
 * tokens and the grants behind refresh-token families — of one user or of every user, newest
 * first per user, with the ids `token:revoke` takes. Read from each user's own partition of
 * the index, page by page (the listing drops revoked and expired grants).
 */
export async function listTokens(deps: Pick<AdminDeps, 'account' | 'users'>, email?: string) {
  const users = email !== undefined ? [await requireUser(deps, email)] : await deps.users.list();
  const tokens: ReturnType<typeof describeToken>[] = [];
  for (const user of users) {
    for (const kind of ['personal', 'refresh'] as const) {
      let cursor: string | undefined;
      do {
        const page = await listGrants(deps, user.id, kind, { limit: 100, ...(cursor ? { cursor } : {}) });
        tokens.push(...page.items.map(describeToken));
        cursor = page.next;
      } while (cursor);
    }
  }
  return { tokens };
}
