import type { ListPage } from '../oauth/ports.js';
import { PATHS, pathOf } from '../oauth/sessions/paths.js';
import { pathTo } from '../routes.js';
import type { AccountPageInput, AccountPaths } from './account.js';

/** Where the account page's forms post and its links lead, under the issuer (from the route table). */
export function accountPaths(issuer: string): AccountPaths {
  const at = (path: string) => pathOf(issuer, path);
  return {
    account: at(PATHS.account),
    logout: at(PATHS.logout),
    createToken: at(pathTo('accountCreateToken')),
    createClient: at(pathTo('accountCreateClient')),
    revokeApp: (id) => at(pathTo('accountRevokeApp', id)),
    revokeToken: (id) => at(pathTo('accountRevokeToken', id)),
    rotateSecret: (id) => at(pathTo('accountRotateSecret', id)),
    deleteClient: (id) => at(pathTo('accountDeleteClient', id)),
  };
}

/** Each list's "more" link: the page again with that list's cursor, at that list's section. */
export function nextLinks(
  issuer: string,
  lists: { readonly apps: ListPage<unknown>; readonly tokens: ListPage<unknown>; readonly clients: ListPage<unknown> },
): AccountPageInput['nextLinks'] {
  const links: { apps?: string; tokens?: string; clients?: string } = {};
  const more = (name: keyof typeof links, section: string) => {
    const next = lists[name].next;
    if (next) links[name] = `${pathOf(issuer, PATHS.account)}?${new URLSearchParams({ [name]: next })}#${section}`;
  };
  more('apps', 'authorized-apps');
  more('tokens', 'personal-access-tokens');
  more('clients', 'clients');
  return links;
}
