import { container } from '../container.js';
import { clearSessionCookie, readSessionCookie } from '../http/cookies.js';
import { pageEndpoint } from '../http/page-chain.js';
import type { HttpResponse } from '../http/responses.js';
import { confirmEndSession, endSession, type EndSessionOutcome } from '../oauth/oidc/end-session.js';
import { PATHS, pathOf, urlOf } from '../oauth/sessions/paths.js';
import { confirmSignOutPage, signedOutPage } from '../pages/end-session.js';
import { htmlPage, redirect } from '../pages/response.js';
import { ROUTE } from '../routes.js';

const deps = container();
const oidc = { batch: deps.batch, reads: deps.reads, keys: deps.keys, authorizations: deps.authorizations };

/** GET /oauth/end-session (RP-Initiated Logout 1.0) and POST, the confirmation form's answer. */
export const handler = pageEndpoint(deps.config, async ({ event, method, params, issuer }) => {
  const sessionId = readSessionCookie(event, issuer);
  const request = { params, issuer, sessionId };
  const post = method === 'POST';
  return respond(post ? await confirmEndSession(oidc, request) : await endSession(oidc, request), issuer, post);
});

function respond(outcome: EndSessionOutcome, issuer: string, post: boolean): HttpResponse {
  const cleared = [clearSessionCookie(issuer)];
  switch (outcome.kind) {
    case 'redirect':
      return redirect(outcome.location, post, cleared);
    case 'signed-out':
      return htmlPage(200, signedOutPage({ login: urlOf(issuer, PATHS.login) }), cleared);
    case 'confirm':
      return htmlPage(
        200,
        confirmSignOutPage({ action: pathOf(issuer, ROUTE.endSession.path), hidden: outcome.hidden, csrf: outcome.csrf, clientName: outcome.clientName, formTarget: outcome.formTarget }),
      );
  }
}
