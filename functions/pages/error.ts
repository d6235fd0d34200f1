import type { OAuthError } from '../oauth/errors.js';
import { html } from './html.js';
import type { Page } from './response.js';

const TITLES: Partial<Record<string, string>> = {
  invalid_client: 'Unknown application',
  invalid_request: 'This request cannot be completed',
  unauthorized_client: 'This application cannot sign you in here',
  server_error: 'Something went wrong on our side',
  temporarily_unavailable: 'Please try again in a moment',
  not_found: 'Page not found',
  method_not_allowed: 'Page not found',
};

/**
 * The page for an error that must not, or cannot, go back to the client: a bad client_id or
 * redirect URI (RFC 6749 §4.1.2.1), a forged form, an outage. The description is the error's
 * own (written for people); a server error's cause stays in the logs.
 */
export function errorPage(error: OAuthError): Page {
  const title = TITLES[error.code] ?? 'This request cannot be completed';
  return {
    title,
    body: html`<h1>${title}</h1>
<p class="error" role="alert">${error.message}</p>
<p class="muted">Error code: <code>${error.code}</code>. If you followed a link from an application, tell its developers.</p>`,
  };
}
