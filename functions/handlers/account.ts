import { accountOverview } from '../admin/account.js';
import { accountAction, type AccountAction } from '../admin/account-page.js';
import { describeScopes } from '../admin/scopes.js';
import { container } from '../container.js';
import { clearSessionCookie, readSessionCookie } from '../http/cookies.js';
import { ID_FORMAT } from '../http/management/fields.js';
import { pageEndpoint, type PageRequest } from '../http/page-chain.js';
import { refusal } from '../http/render-error.js';
import { identifyCaller } from '../oauth/tokens/account-access.js';
import { OAuthError } from '../oauth/errors.js';
import { PATHS, pathOf, urlOf } from '../oauth/sessions/paths.js';
import { accountPage } from '../pages/account.js';
import { accountPaths, nextLinks } from '../pages/account-links.js';
import { htmlPage, redirect } from '../pages/response.js';
import { routeKey } from '../routes.js';

const deps = container();
const PAGE_SIZE = 50;

/**
 * `GET /oauth/account` and the forms it posts: the signed-in user's authorized applications,
 * personal access tokens and clients (admin/account-page.ts). No session: to the login page
 * and back. Forms carry the session's CSRF token (checked before anything is read) and come
 * from this site only (the page chain's Sec-Fetch-Site check).
 */
export const handler = pageEndpoint(deps.config, async (request) => {
  const { event, issuer, params } = request;
  const sessionId = readSessionCookie(event, issuer);
  const post = request.method === 'POST';
  const id = event.pathParameters?.id;
  const grantId = id !== undefined && ID_FORMAT.grant.test(id) ? id : undefined;
  const credentials = { authorization: undefined, sessionId, csrf: params.csrf_token, write: post, issuer };
  const reads = { catalogue: deps.reads.catalogue(), ...(grantId ? { grant: deps.reads.grant(grantId) } : {}) };
  const identified = await identifyCaller(deps, credentials, reads).catch((error: unknown) => {
    if (!(error instanceof OAuthError) || error.status !== 401) throw error;
    return undefined;
  });
  if (!identified) {
    const returnTo = pathOf(issuer, PATHS.account) + (!post && event.rawQueryString ? `?${event.rawQueryString}` : '');
    return redirect(urlOf(issuer, PATHS.login, { return_to: returnTo }), post, sessionId !== undefined ? [clearSessionCookie(issuer)] : []);
  }
  const { caller, found } = identified;
  const action = actionOf(request, id);
  const result = await accountAction(deps, { userId: caller.userId, email: caller.email! }, action, { grant: found.grant }, refusal);
  if (result.kind === 'done') return redirect(`${urlOf(issuer, PATHS.account, { done: result.done })}#${result.section}`, true);
  const lists = await accountOverview(deps, caller.userId, { apps: params.apps, tokens: params.tokens, clients: params.clients }, PAGE_SIZE);
  const { kind: _kind, status, ...shown } = result;
  const page = { email: caller.email!, csrf: caller.csrf!, paths: accountPaths(issuer), ...lists, scopes: describeScopes(found.catalogue) };
  return htmlPage(status, accountPage({ ...page, nextLinks: nextLinks(issuer, lists), ...shown }));
});

/** The route's action, from the path and the form. */
function actionOf(request: PageRequest, id: string | undefined): AccountAction {
  const { params } = request;
  const route = request.event.routeKey ?? `${request.method} ${request.event.rawPath}`;
  const client = id !== undefined && ID_FORMAT.client.test(id) ? id : undefined;
  switch (route) {
    case routeKey('account'): return { kind: 'view', done: params.done };
    case routeKey('accountRevokeApp'): return { kind: 'revokeApp', id: id ?? '' };
    case routeKey('accountRevokeToken'): return { kind: 'revokeToken', id: id ?? '' };
    case routeKey('accountDeleteClient'): return { kind: 'deleteClient', id: client };
    case routeKey('accountRotateSecret'): return { kind: 'rotateSecret', id: client };
    case routeKey('accountCreateToken'): {
      const scopes = Object.keys(params).filter((p) => p.startsWith('scope:')).map((p) => p.slice('scope:'.length));
      return { kind: 'createToken', name: params.name, scopes, issuer: request.issuer };
    }
    case routeKey('accountCreateClient'):
      return { kind: 'createClient', name: params.name, confidential: params.confidential === '1', redirect: params.redirect ?? '' };
  }
  throw new OAuthError('not_found', `No route for ${route}.`);
}
