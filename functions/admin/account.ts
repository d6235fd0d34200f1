import { listAuthorizedApps } from './authorized-apps.js';
import { listUserClients, registerClient } from './clients.js';
import type { AdminDeps } from './deps.js';
import { AdminError } from './errors.js';
import { issuePersonalToken, listPersonalTokens } from './personal-tokens.js';
import type { PageRequest } from '../oauth/ports.js';

/** Where each list of the account page starts: a cursor from its "more" link, if any. */
export interface AccountCursors {
  readonly apps?: string;
  readonly tokens?: string;
  readonly clients?: string;
}

/**
 * The account page's three lists for a signed-in user (SPEC §4): authorized applications,
 * personal access tokens and clients, one page each, read together. A cursor that is not (or
 * no longer) valid shows its list from the start.
 */
export async function accountOverview(deps: Pick<AdminDeps, 'account' | 'batch' | 'reads'>, userId: string, cursors: AccountCursors, pageSize: number) {
  const page = (cursor: string | undefined): PageRequest => ({ limit: pageSize, ...(cursor ? { cursor } : {}) });
  const [apps, tokens, clients] = await Promise.all([
    fromStart(page(cursors.apps), (p) => listAuthorizedApps(deps, userId, p)),
    fromStart(page(cursors.tokens), (p) => listPersonalTokens(deps, userId, p)),
    fromStart(page(cursors.clients), (p) => listUserClients(deps, userId, p)),
  ]);
  return { apps, tokens, clients };
}

/** A personal access token the signed-in user makes for themselves, from the page's form. */
export async function createOwnToken(
  deps: Pick<AdminDeps, 'clients' | 'config' | 'keys' | 'scopes' | 'store' | 'users'>,
  caller: { readonly userId: string; readonly email: string },
  form: { readonly name: string | undefined; readonly scopes: readonly string[]; readonly issuer: string },
) {
  const user = deps.users.getByEmail(caller.email).then((found) => {
    if (!found || found.id !== caller.userId) throw new AdminError('your account no longer exists', 'not_found');
    return found;
  });
  return issuePersonalToken(deps, { user, name: form.name, scopes: form.scopes.join(' '), issuer: form.issuer });
}

/** A client the signed-in user registers from the page's form: never first-party (that is the operator's call). */
export function createOwnClient(
  deps: Pick<AdminDeps, 'clients' | 'scopes' | 'users'>,
  userId: string,
  form: { readonly name: string | undefined; readonly confidential: boolean; readonly redirect: string },
) {
  return registerClient(deps, {
    name: form.name,
    kind: form.confidential ? 'confidential' : 'public',
    redirectUris: form.redirect.split(/[\s,]+/).filter(Boolean),
    redirectField: 'redirect',
    userId,
  });
}

async function fromStart<T>(page: PageRequest, list: (page: PageRequest) => Promise<T>): Promise<T> {
  try {
    return await list(page);
  } catch (error) {
    if (error instanceof AdminError && error.field === 'cursor') return list({ limit: page.limit });
    throw error;
  }
}
