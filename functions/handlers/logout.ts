import { container } from '../container.js';
import { clearSessionCookie, readSessionCookie } from '../http/cookies.js';
import { pageEndpoint } from '../http/page-chain.js';
import { OAuthError } from '../oauth/errors.js';
import { signOut } from '../oauth/sessions/login.js';
import { PATHS, safeReturnTo, urlOf } from '../oauth/sessions/paths.js';
import { csrfMatches } from '../oauth/sessions/session.js';
import { redirect } from '../pages/response.js';

const deps = container();

/**
 * POST /oauth/logout: deletes the session and its cookie, then shows the login page saying so
 * (which returns to `return_to`, e.g. the consent screen's "Not you?"). The CSRF token is derived from
 * the cookie, so checking it needs no read: one delete in all.
 */
export const handler = pageEndpoint(deps.config, async ({ event, params, issuer }) => {
  const cookie = readSessionCookie(event, issuer);
  if (cookie !== undefined) {
    if (!csrfMatches(cookie, params.csrf_token)) {
      throw new OAuthError('invalid_request', 'This form has expired or did not come from this site. Go back and try again.', {
        status: 403,
      });
    }
    await signOut(deps, cookie);
  }
  const returnTo = safeReturnTo(params.return_to, issuer);
  // The login page then says so (a fixed text: nothing of the request is echoed).
  return redirect(urlOf(issuer, PATHS.login, { signed_out: '1', ...(returnTo ? { return_to: returnTo } : {}) }), true, [
    clearSessionCookie(issuer),
  ]);
});
