import { container } from '../container.js';
import { clientAddress } from '../http/client-address.js';
import { clearSessionCookie, readSessionCookie, sessionCookie } from '../http/cookies.js';
import { pageEndpoint } from '../http/page-chain.js';
import { LOGIN_FAILED, signIn, signOut } from '../oauth/sessions/login.js';
import { mustShowForm, prefill } from '../oauth/oidc/login-page.js';
import { loginContext } from '../oauth/sessions/login-context.js';
import { loginFormTargets, PATHS, pathOf, safeReturnTo, urlOf } from '../oauth/sessions/paths.js';
import { csrfToken } from '../oauth/sessions/session.js';
import { loginPage, signedInPage } from '../pages/login.js';
import { htmlPage, redirect } from '../pages/response.js';

const deps = container();
const loginDeps = { ...deps, sessionTtl: deps.config.sessionTtl, lockout: deps.config.lockout };

/**
 * GET /oauth/login: the form (or, signed in, straight back to where the user was going).
 * POST /oauth/login: checks the credentials, sets the session cookie, returns the user to
 * `return_to` — only ever a path of this server (no open redirect).
 */
export const handler = pageEndpoint(deps.config, async ({ event, method, params, issuer }) => {
  const returnTo = safeReturnTo(params.return_to, issuer);
  const action = pathOf(issuer, PATHS.login);
  const form = { action, returnTo, formTargets: loginFormTargets(returnTo, issuer) };
  const cookie = readSessionCookie(event, issuer);

  if (method === 'GET') {
    const { session, clientName } = await loginContext(deps, { sessionId: cookie, returnTo, issuer });
    const again = mustShowForm(params);
    if (session && returnTo && !again) return redirect(new URL(returnTo, issuer).toString(), false);
    if (session && again) return htmlPage(200, loginPage({ ...form, clientName, email: prefill(params) ?? session.email }));
    if (session) {
      const account = pathOf(issuer, PATHS.account);
      return htmlPage(200, signedInPage({ email: session.email, logoutAction: pathOf(issuer, PATHS.logout), csrf: csrfToken(cookie!), account }));
    }
    const notice = params.signed_out === '1' ? 'You have signed out.' : undefined;
    return htmlPage(200, loginPage({ ...form, clientName, notice, email: prefill(params) }), cookie !== undefined ? [clearSessionCookie(issuer)] : []);
  }

  const email = params.email?.trim();
  const password = params.password;
  if (!email || password === undefined) {
    return htmlPage(400, loginPage({ ...form, email, error: 'Enter your email and your password.' }));
  }
  const signedIn = await signIn(loginDeps, email, password, clientAddress(event, deps.config));
  if ('lockedFor' in signedIn) {
    const minutes = Math.ceil(signedIn.lockedFor / 60);
    const error = `Too many failed attempts. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`;
    return htmlPage(429, loginPage({ ...form, email, error }), [], { 'Retry-After': String(signedIn.lockedFor) });
  }
  if ('failed' in signedIn) return htmlPage(401, loginPage({ ...form, email, error: LOGIN_FAILED }));
  // Signing in again (prompt=login, max_age) replaces the session: the old one ends here.
  if (cookie !== undefined) await signOut(deps, cookie);
  const next = returnTo ? new URL(returnTo, issuer).toString() : urlOf(issuer, PATHS.login);
  return redirect(next, true, [sessionCookie(issuer, signedIn.sessionId, deps.config.sessionTtl)]);
});
