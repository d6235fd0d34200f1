import { ROUTE } from '../../routes.js';
import { formActionSource } from '../clients/redirect-uri.js';

/**
 * Where Connect's own browser-facing endpoints live, relative to the issuer (which may carry a
 * path, e.g. behind a custom domain's base path mapping), from the route table.
 */
export const PATHS = {
  authorize: ROUTE.authorize.path,
  request: ROUTE.request.path,
  login: ROUTE.login.path,
  logout: ROUTE.logout.path,
  account: ROUTE.account.path,
} as const;

/** The absolute path of an endpoint under this issuer: what forms post to and return_to holds. */
export function pathOf(issuer: string, path: string): string {
  return new URL(issuer).pathname.replace(/\/+$/, '') + path;
}

/** The absolute URL of an endpoint, for Location headers. */
export function urlOf(issuer: string, path: string, query?: Record<string, string>): string {
  const q = query ? new URLSearchParams(query).toString() : '';
  return `${issuer}${path}${q ? `?${q}` : ''}`;
}

/**
 * Only a path on this server is an acceptable place to return to after login or logout:
 * anything else (another origin, `//host`, `/\host`, a scheme) would be an open redirect
 * (RFC 9700 §4.11, SPEC §6). The test is made on the URL the target RESOLVES to, and what is
 * returned is that URL's own path, checked to resolve to that same URL again: a check of the
 * raw string followed by a use of its normalized form let `/..//evil.example` through (the
 * dot segment removed, `//evil.example` is another host). Tab, CR, LF and backslashes are
 * refused outright: URL parsers drop or reinterpret them, so they mean different things to
 * different readers.
 */
export function safeReturnTo(raw: string | undefined, issuer: string): string | undefined {
  // Room for an authorization request whose state is 2,048 bytes of non-ASCII (three characters a byte, encoded).
  if (raw === undefined || raw.length > 16_384) return undefined;
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  const base = new URL(issuer);
  const resolved = parse(raw, base);
  if (!resolved || !sameOrigin(resolved, base) || !resolved.pathname.startsWith(pathOf(issuer, '/'))) return undefined;
  const path = resolved.pathname + resolved.search;
  const again = parse(path, base);
  if (!again || !sameOrigin(again, base) || again.pathname + again.search !== path) return undefined;
  return path;
}

function parse(target: string, base: URL): URL | undefined {
  try {
    return new URL(target, base);
  } catch {
    return undefined;
  }
}

function sameOrigin(url: URL, base: URL): boolean {
  return url.origin === base.origin && url.username === '' && url.password === '';
}

/**
 * Where a login form's submission may end up: after the login comes the authorization request
 * in return_to, which may redirect straight on to the client (first-party, remembered
 * consent). Chromium checks each redirect of a form submission against the page's CSP
 * form-action, so the login page must allow that redirect URI's origin too. The authorization
 * endpoint still checks the URI itself; this only keeps the browser from blocking it.
 */
export function loginFormTargets(returnTo: string | undefined, issuer: string): string[] {
  if (returnTo === undefined) return [];
  const url = new URL(returnTo, issuer);
  if (url.pathname !== pathOf(issuer, PATHS.authorize)) return [];
  const target = formActionSource(url.searchParams.get('redirect_uri') ?? '');
  return target ? [target] : [];
}
