import type { Client } from '../ports.js';

/**
 * Redirect URIs are compared as exact strings against the registered ones (RFC 9700 §4.1.3,
 * SPEC §4): no prefix, pattern or normalization, which is what open redirects hide in.
 */
export function isRegisteredRedirectUri(client: Client, redirectUri: string | undefined): redirectUri is string {
  return redirectUri !== undefined && client.redirectUris.includes(redirectUri);
}

/**
 * The redirect back to the client: the registered URI with the response parameters added to
 * its query, any query it already has kept (RFC 6749 §3.1.2), and `iss` (RFC 9207 §2) so the
 * client can tell which server answered (mix-up attacks).
 */
export function authorizationResponseUri(redirectUri: string, params: Record<string, string | undefined>): string {
  // Percent-encoded as UTF-8 with spaces as %20, never `+`: a form decoder and a plain
  // decodeURIComponent on the client's side both read back exactly what was sent (the state).
  const query = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  // Appended as text, not through URL.searchParams, which would re-encode the existing query.
  const separator = !redirectUri.includes('?') ? '?' : /[?&]$/.test(redirectUri) ? '' : '&';
  return redirectUri + separator + query;
}

/**
 * What a page's CSP `form-action` must allow for a form whose answer redirects to this URI:
 * Chromium checks every redirect of a form submission against it. The origin for http(s),
 * the scheme alone for an app's private-use scheme (RFC 8252 §7.1).
 */
export function formActionSource(redirectUri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? url.protocol : undefined;
}
