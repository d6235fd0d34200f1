import type { HttpResponse } from '../http/responses.js';
import { pageHeaders, REDIRECT_HEADERS } from './headers.js';
import type { SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface Page {
  readonly title: string;
  readonly body: SafeHtml;
  /** Redirect targets the page's forms may lead to, besides this server (CSP form-action). */
  readonly formTargets?: readonly string[];
  /** A page of lists (the account page) rather than a single form. */
  readonly wide?: boolean;
}

export function htmlPage(
  status: number,
  page: Page,
  cookies: readonly string[] = [],
  extraHeaders: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode: status,
    headers: { ...pageHeaders(page.formTargets), ...extraHeaders },
    body: layout(page.title, page.body, { wide: page.wide === true }),
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
  };
}

/** 302 after a GET; 303 after a POST, so the browser follows with a GET (RFC 9110 §15.4.4). */
export function redirect(location: string, afterPost: boolean, cookies: readonly string[] = []): HttpResponse {
  return {
    statusCode: afterPost ? 303 : 302,
    headers: { Location: headerSafeUri(location), ...REDIRECT_HEADERS },
    body: '',
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
  };
}

/**
 * Defence in depth: a Location that is always a valid header value, whatever a stored redirect
 * URI holds (registration refuses such URIs, admin/validation.ts). Anything but visible ASCII
 * is percent-encoded as UTF-8 (RFC 3986 §2.1) — so no CR/LF can split the header, and Node
 * cannot refuse the response (ERR_INVALID_CHAR); a lone surrogate becomes U+FFFD.
 */
export function headerSafeUri(uri: string): string {
  return uri.replace(/[^\x21-\x7E]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
