import { container } from '../container.js';
import { clearSessionCookie, readSessionCookie } from '../http/cookies.js';
import { pageEndpoint } from '../http/page-chain.js';
import type { HttpResponse } from '../http/responses.js';
import { authorizeGet, authorizePost, type AuthorizeOutcome } from '../oauth/endpoints/authorize.js';
import { PATHS, pathOf, urlOf } from '../oauth/sessions/paths.js';
import { formActionSource } from '../oauth/clients/redirect-uri.js';
import { consentPage } from '../pages/consent.js';
import { htmlPage, redirect } from '../pages/response.js';
import { loginPageParams } from '../oauth/oidc/login-page.js';

const deps = container();

/** GET /oauth/authorize (the request) and POST /oauth/authorize (the consent form's answer). */
export const handler = pageEndpoint(deps.config, async (request) => {
  const sessionId = readSessionCookie(request.event, request.issuer);
  const browser = { params: request.params, issuer: request.issuer, sessionId };
  const post = request.method === 'POST';
  const outcome = post ? await authorizePost(deps, browser) : await authorizeGet(deps, browser);
  return respond(outcome, request.issuer, post, sessionId !== undefined);
});

function respond(outcome: AuthorizeOutcome, issuer: string, post: boolean, hadCookie: boolean): HttpResponse {
  switch (outcome.kind) {
    case 'redirect':
      return redirect(outcome.location, post);
    case 'login':
      // A cookie that names no live session (expired, signed out, tampered with) is dropped.
      return redirect(urlOf(issuer, PATHS.login, { return_to: outcome.returnTo, ...loginPageParams(outcome) }), post, hadCookie && !outcome.reauthenticate ? [clearSessionCookie(issuer)] : []);
    case 'consent': {
      const { request } = outcome;
      const returnTo = `${pathOf(issuer, PATHS.authorize)}?${new URLSearchParams(outcome.hidden).toString()}`;
      return htmlPage(
        200,
        consentPage({
          clientName: request.client.name,
          userEmail: outcome.user.email,
          scopes: outcome.scopes,
          hidden: outcome.hidden,
          csrf: outcome.csrf,
          authorizeAction: pathOf(issuer, PATHS.authorize),
          logoutAction: pathOf(issuer, PATHS.logout),
          returnTo,
          redirectTarget: formActionSource(request.redirectUri),
          ...(request.client.registeredBy === 'metadata_document' ? { clientHost: new URL(request.client.id).host } : {}),
          ...(request.resource ? { resource: { name: request.resource.name, uri: request.resource.uri } } : {}),
        }),
      );
    }
  }
}
