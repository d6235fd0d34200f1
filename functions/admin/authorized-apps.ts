import type { AdminDeps } from './deps.js';
import type { Client, Authorization, PageRequest } from '../oauth/ports.js';
import { AdminError } from './errors.js';
import { listGrants, revokeToken } from './personal-tokens.js';

export interface AuthorizedApp {
  readonly grant: Authorization;
  readonly client: Client;
}

/**
 * The applications a user has let act for them (Passport's `/oauth/tokens`): each live grant
 * behind a refresh-token family, with its client. A page of grants is one Query, their clients
 * one BatchGetItem. Grants of a revoked client are dead already and are left out.
 */
export async function listAuthorizedApps(deps: Pick<AdminDeps, 'account' | 'batch' | 'reads'>, userId: string, page: PageRequest) {
  const grants = await listGrants(deps, userId, 'refresh', page);
  const clientIds = [...new Set(grants.items.map((grant) => grant.clientId))];
  const clients = await deps.batch.load(Object.fromEntries(clientIds.map((id) => [id, deps.reads.client(id)])));
  const items: AuthorizedApp[] = [];
  for (const grant of grants.items) {
    const client = clients[grant.clientId];
    if (client && !client.revoked) items.push({ grant, client });
  }
  return { items, ...(grants.next ? { next: grants.next } : {}) };
}

/**
 * Revokes an authorization: the grant (its access tokens and refresh token stop at once) and,
 * in the same transaction, the remembered consent, so the app must ask again.
 */
export function revokeAuthorizedApp(deps: Pick<AdminDeps, 'account' | 'store' | 'batch' | 'reads'>, userId: string, id: string, known?: { readonly grant: Authorization | undefined }) {
  return revokeToken(deps, id, { userId, kind: 'refresh', forgetConsent: true, ...(known ? { known } : {}) });
}

/**
 * The account page's *Revoke*: the application, not one of its sessions. The grant named
 * (which must be a live authorization of this user: anyone else's is "not found") goes first,
 * with the consent; then every other live authorization the user gave the same client (each
 * sign-in through the app is a grant of its own), so the app keeps no session at all.
 */
export async function revokeApplication(deps: Pick<AdminDeps, 'account' | 'store' | 'batch' | 'reads'>, userId: string, id: string, known?: { readonly grant: Authorization | undefined }) {
  const revoked = await revokeAuthorizedApp(deps, userId, id, known);
  const clientId = (known?.grant ?? (await deps.batch.load({ grant: deps.reads.grant(id) })).grant)?.clientId;
  let cursor: string | undefined;
  const siblings: Authorization[] = [];
  do {
    const page = await listGrants(deps, userId, 'refresh', { limit: 100, ...(cursor ? { cursor } : {}) });
    siblings.push(...page.items.filter((grant) => grant.clientId === clientId));
    cursor = page.next;
  } while (cursor);
  let sessions = 1;
  for (const grant of siblings) {
    try {
      await revokeToken(deps, grant.id, { userId, kind: 'refresh', known: { grant } });
      sessions++;
    } catch (error) {
      // Revoked meanwhile (another tab, the JSON API): gone either way.
      if (!(error instanceof AdminError && error.kind === 'not_found')) throw error;
    }
  }
  return { ...revoked, sessions };
}
