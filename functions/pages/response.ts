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
    headers: { Location: location, ...REDIRECT_HEADERS },
    body: '',
    ...(cookies.length > 0 ? { cookies: [...cookies] } : {}),
  };
}
