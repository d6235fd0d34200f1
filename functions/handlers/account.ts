import { accountOverview, createOwnClient, createOwnToken } from '../admin/account.js';
import { revokeApplication } from '../admin/authorized-apps.js';
import { revokeClient, rotateClientSecret } from '../admin/clients.js';
import { AdminError } from '../admin/errors.js';
import { revokeToken } from '../admin/personal-tokens.js';
import { describeScopes } from '../admin/scopes.js';
import { container } from '../container.js';
import { clearSessionCookie, readSessionCookie } from '../http/cookies.js';
import { ID_FORMAT } from '../http/management/fields.js';
import { pageEndpoint, type PageRequest } from '../http/page-chain.js';
import { refusal } from '../http/render-error.js';
import type { HttpResponse } from '../http/responses.js';
import { identifyCaller, type Caller } from '../oauth/tokens/account-access.js';
import { OAuthError } from '../oauth/errors.js';
import { PATHS, pathOf, urlOf } from '../oauth/sessions/paths.js';
import type { Authorization, ScopeCatalogue } from '../oauth/ports.js';
import { accountPage, type AccountPaths, type Created, type FormError } from '../pages/account.js';
import { htmlPage, redirect } from '../pages/response.js';
import { pathTo, routeKey } from '../routes.js';

const deps = container();

/** What a finished action says on the page it returns to: fixed texts, nothing from the request. */
const NOTICES: Record<string, string> = {
  'app-revoked': 'The application no longer has access to your account.',
  'token-revoked': 'The token has been revoked: it no longer works.',
  'client-deleted': 'The client has been deleted: its tokens no longer work.',
};

const PAGE_SIZE = 50;

/**
 * `GET /oauth/account` and the forms it posts: the signed-in user's authorized applications,
 * personal access tokens and clients, through the same admin functions as the JSON routes.
 * No session: to the login page and back. Forms carry the session's CSRF token (checked before
 * anything is read) and come from this site only (the page chain's Sec-Fetch-Site check).
 */
export const handler = pageEndpoint(deps.config, async (request) => {
  const { event, issuer } = request;
  const sessionId = readSessionCookie(event, issuer);
  const post = request.method === 'POST';
  const route = event.routeKey ?? `${request.method} ${event.rawPath}`;
  const id = event.pathParameters?.id;
  const credentials = { authorization: undefined, sessionId, csrf: request.params.csrf_token, write: post, issuer };
  const grantId = id !== undefined && ID_FORMAT.grant.test(id) ? id : undefined;

  let identified: { caller: Caller; found: { catalogue: ScopeCatalogue; grant?: Authorization | undefined } };
  try {
    identified = await identifyCaller(deps, credentials, { catalogue: deps.reads.catalogue(), ...(grantId ? { grant: deps.reads.grant(grantId) } : {}) });
  } catch (error) {
    if (!(error instanceof OAuthError) || error.status !== 401) throw error;
    const returnTo = post ? pathOf(issuer, PATHS.account) : pathOf(issuer, PATHS.account) + (event.rawQueryString ? `?${event.rawQueryString}` : '');
    return redirect(urlOf(issuer, PATHS.login, { return_to: returnTo }), post, sessionId !== undefined ? [clearSessionCookie(issuer)] : []);
  }
  const { caller, found } = identified;
  const view = (status: number, extra: Extra = {}) => render(request, caller, found.catalogue, status, extra);
  const known = { grant: found.grant };
  const done = (notice: keyof typeof NOTICES, section: string) =>
    redirect(`${urlOf(issuer, PATHS.account, { done: notice })}#${section}`, true);

  try {
    switch (route) {
      case routeKey('account'):
        return await view(200, NOTICES[request.params.done ?? ''] ? { notice: NOTICES[request.params.done!]! } : {});
      case routeKey('accountRevokeApp'):
        await revokeApplication(deps, caller.userId, id ?? '', known);
        return done('app-revoked', 'authorized-apps');
      case routeKey('accountRevokeToken'):
        await revokeToken(deps, id ?? '', { userId: caller.userId, kind: 'personal', known });
        return done('token-revoked', 'personal-access-tokens');
      case routeKey('accountDeleteClient'):
        await revokeClient(deps, clientId(id), caller.userId);
        return done('client-deleted', 'clients');
      case routeKey('accountRotateSecret'): {
        const rotated = await rotateClientSecret(deps, clientId(id), 0, caller.userId);
        const client = await deps.clients.get(rotated.client_id);
        return await view(200, { created: { kind: 'secret', client: client!, secret: rotated.client_secret } });
      }
      case routeKey('accountCreateToken'):
        return await formAction(view, 'token', request, async () => {
          const scopes = Object.keys(request.params).filter((p) => p.startsWith('scope:')).map((p) => p.slice('scope:'.length));
          const issued = await createOwnToken(deps, { userId: caller.userId, email: caller.email! }, { name: request.params.name, scopes, issuer });
          return { kind: 'token', name: issued.grant.name!, token: issued.accessToken };
        });
      case routeKey('accountCreateClient'):
        return await formAction(view, 'client', request, async () => {
          const { name, confidential, redirect = '' } = request.params;
          const registered = await createOwnClient(deps, caller.userId, { name, confidential: confidential === '1', redirect });
          return { kind: 'client', client: registered.client, secret: registered.secret };
        });
    }
  } catch (error) {
    const refused = error instanceof AdminError ? refusal(error) : undefined;
    if (!refused) throw error;
    // Someone else's id, or one already gone: "not found", never "not yours".
    if (refused.status === 404) return await view(404, { notice: 'There is nothing to do: it does not exist, or it is no longer active.' });
    return await view(refused.status, { notice: refused.message });
  }
  throw new OAuthError('not_found', `No route for ${route}.`);
});

type Extra = { notice?: string; created?: Created; error?: FormError };

function clientId(id: string | undefined): string {
  if (id === undefined || !ID_FORMAT.client.test(id)) throw new AdminError('no such client', 'not_found');
  return id;
}

/** A creation form: shows what it made, once; a mistake comes back at the form, with what was typed. */
async function formAction(
  view: (status: number, extra: Extra) => Promise<HttpResponse>,
  form: FormError['form'],
  request: PageRequest,
  make: () => Promise<Created>,
): Promise<HttpResponse> {
  let created: Created;
  try {
    created = await make();
  } catch (error) {
    const refused = refusal(error);
    if (!refused || refused.status === 404) throw error;
    const { name = '', redirect = '', confidential = '' } = request.params;
    return view(422, { error: { form, message: refused.message, values: { name, redirect, confidential } } });
  }
  return view(200, { created });
}

async function render(
  request: PageRequest,
  caller: Caller,
  catalogue: ScopeCatalogue,
  status: number,
  extra: Extra,
): Promise<HttpResponse> {
  const { issuer, params } = request;
  const at = (path: string) => pathOf(issuer, path);
  const { apps, tokens, clients } = await accountOverview(deps, caller.userId, { apps: params.apps, tokens: params.tokens, clients: params.clients }, PAGE_SIZE);
  const more = (name: string, next: string | undefined, section: string) =>
    next ? `${at(PATHS.account)}?${new URLSearchParams({ [name]: next })}#${section}` : undefined;
  const paths: AccountPaths = {
    account: at(PATHS.account),
    logout: at(PATHS.logout),
    createToken: at(pathTo('accountCreateToken')),
    createClient: at(pathTo('accountCreateClient')),
    revokeApp: (id) => at(pathTo('accountRevokeApp', id)),
    revokeToken: (id) => at(pathTo('accountRevokeToken', id)),
    rotateSecret: (id) => at(pathTo('accountRotateSecret', id)),
    deleteClient: (id) => at(pathTo('accountDeleteClient', id)),
  };
  return htmlPage(
    status,
    accountPage({
      email: caller.email!,
      csrf: caller.csrf!,
      paths,
      apps,
      tokens,
      clients,
      scopes: describeScopes(catalogue),
      nextLinks: {
        ...optional('apps', more('apps', apps.next, 'authorized-apps')),
        ...optional('tokens', more('tokens', tokens.next, 'personal-access-tokens')),
        ...optional('clients', more('clients', clients.next, 'clients')),
      },
      ...extra,
    }),
  );
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
