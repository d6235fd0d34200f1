import { STYLE_SOURCE } from './layout.js';

/**
 * Every page's security headers, set in this one place:
 * - CSP: nothing loads but the hashed stylesheet; forms post only to this server and to the
 *   redirect targets their answer leads to (Chromium checks `form-action` on each redirect of
 *   a form submission, so the consent form needs the client's redirect origin); no framing
 *   (clickjacking of the consent buttons); no <base> to re-point relative URLs.
 * - Referrer-Policy same-origin: a page's URL carries the authorization request; nothing leaks
 *   to the client's callback or anywhere else. (Not no-referrer: under it browsers send
 *   `Origin: null` with our own forms, and `Origin: null` is how a forged post from a sandboxed
 *   or no-referrer page looks, so http/page-chain.ts refuses it.)
 * - no-store: pages carry CSRF tokens and a user's name.
 * (No Cross-Origin-Opener-Policy: apps that run the flow in a popup need `window.opener`.)
 */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  const formAction = ["'self'", ...formTargets.filter((t) => /^[\w.+-]+:(\/\/[\w.:[\]-]+)?$/.test(t))].join(' ');
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': [
      "default-src 'none'",
      `style-src ${STYLE_SOURCE}`,
      `form-action ${formAction}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  };
}

/** What a redirect response carries: never cached (it may hold a code), no Referer onwards. */
export const REDIRECT_HEADERS = {
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
} as const;
