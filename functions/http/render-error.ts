import { AdminError } from '../admin/errors.js';
import { ConfigError } from '../config.js';
import { StorageError } from '../errors.js';
import { KeyLimitError, OAuthError, type OAuthErrorCode } from '../oauth/errors.js';
import { html } from '../pages/html.js';
import type { Page } from '../pages/response.js';

/**
 * The four renderers of the one error family (shared/DESIGN.md rule 9), as pure functions:
 * each reads what an error is (its class and code from the union in functions/errors.ts) and
 * says what a caller sees — RFC 6749 §5.2 JSON, the management API's Passport-style JSON, an
 * HTML error page, a CLI line. No error is turned into another family on the way: an
 * AdminError is rendered as an AdminError, an OAuthError as an OAuthError. Logging stays with
 * the callers (http/errors.ts); nothing here is secret, a cause is never shown.
 */

export interface RenderedJson {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/** An error of the management API's own validation: Laravel's `errors` by field (Passport's front ends read them). */
export class ManagementError extends OAuthError {
  constructor(
    code: OAuthErrorCode,
    status: number,
    message: string,
    readonly fields?: Readonly<Record<string, readonly string[]>>,
  ) {
    super(code, message, { status });
  }
}

/** What the protocol answers for any error: its own, a client mistake middy found, an outage, or a bug. */
export function protocolView(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  const e = error as { statusCode?: number; status?: number };
  const status = e?.statusCode ?? e?.status;
  // middy's http errors (createError): a malformed body or a wrong content type.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new OAuthError(
      'invalid_request',
      status === 413 ? 'The request body is too large.' : 'The request body is malformed or of an unsupported type.',
      { status: status === 413 ? 413 : 400 },
    );
  }
  // store/ raises outages as StorageErrors (no SDK error name is known outside it, issue #12).
  if (error instanceof StorageError && error.transient) {
    return new OAuthError('temporarily_unavailable', 'The service is busy. Please retry shortly.', {
      headers: { 'Retry-After': '1' },
      cause: error,
    });
  }
  return new OAuthError('server_error', 'An unexpected error occurred.', { cause: error });
}

/** RFC 6749 §5.2 (and RFC 6750 §3 / RFC 7009 §2.2.1): `error`, `error_description`, the status and headers. */
export function renderRfcError(error: unknown): RenderedJson {
  const oauth = protocolView(error);
  return { status: oauth.status, headers: oauth.headers, body: { error: oauth.code, error_description: oauth.message } };
}

/**
 * A use case's refusal of its input, as a person reads it: the status, the sentence, and the
 * field at fault. An AdminError by its code; a scope the use case could not grant
 * (invalid_scope, raised by oauth/scopes.ts) is the `scopes` field's mistake.
 */
export function refusal(error: unknown): { status: 404 | 409 | 422; message: string; field?: string } | undefined {
  if (error instanceof AdminError) {
    const status = error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 422;
    return { status, message: sentence(error.message), ...(error.field ? { field: error.field } : {}) };
  }
  if (error instanceof OAuthError && error.code === 'invalid_scope' && !(error instanceof ManagementError)) {
    return { status: 422, message: sentence(error.message), field: 'scopes' };
  }
  return undefined;
}

/**
 * The management API's body: both shapes a caller may look for — Laravel's (`message`, and
 * `errors` by field) and RFC 6749 §5.2's (`error`, `error_description`, SPEC §6).
 */
export function renderManagementError(error: unknown): RenderedJson {
  const refused = refusal(error);
  if (refused) {
    const code = refused.status === 404 ? 'not_found' : 'invalid_request';
    const errors = refused.status !== 404 && refused.field ? { errors: { [refused.field]: [refused.message] } } : {};
    return {
      status: refused.status,
      headers: {},
      body: { message: refused.message, ...errors, error: code, error_description: refused.message },
    };
  }
  const oauth = protocolView(error);
  const fields = oauth instanceof ManagementError && oauth.fields ? { errors: oauth.fields } : {};
  return {
    status: oauth.status,
    headers: oauth.headers,
    body: { message: oauth.message, ...fields, error: oauth.code, error_description: oauth.message },
  };
}

const TITLES: Partial<Record<OAuthErrorCode, string>> = {
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
export function renderErrorPage(error: unknown): { status: number; headers: Readonly<Record<string, string>>; page: Page } {
  const oauth = protocolView(error);
  const title = TITLES[oauth.code] ?? 'This request cannot be completed';
  return {
    status: oauth.status,
    headers: oauth.headers,
    page: {
      title,
      body: html`<h1>${title}</h1>
<p class="error" role="alert">${oauth.message}</p>
<p class="muted">Error code: <code>${oauth.code}</code>. If you followed a link from an application, tell its developers.</p>`,
    },
  };
}

/** One human line for any failure (SPEC §3): never a stack trace. */
export function renderCliLine(error: unknown, target: { endpoint?: string; table: string }): string {
  if (error instanceof AdminError || error instanceof ConfigError) return error.message;
  // A scope a use case could not grant: the protocol's own sentence.
  if (error instanceof OAuthError && error.code === 'invalid_scope') return error.message;
  // A value the store refuses before asking DynamoDB (too long for a key, not valid text).
  if (error instanceof KeyLimitError) return 'a value is too long or is not valid text (DynamoDB key limits: 2,048 / 1,024 bytes)';
  const where = target.endpoint ?? 'DynamoDB on AWS';
  // store/ names the outage (functions/errors.ts); the SDK's own error names stay in store/.
  if (error instanceof StorageError) {
    switch (error.code) {
      case 'storage_unreachable':
        return `cannot reach ${where}: is \`npm start\` running (or is --endpoint right)?`;
      case 'table_not_found':
        return `table "${target.table}" not found at ${where}: run \`npm start\` once to create it, or pass --table`;
      case 'storage_credentials':
        return `no usable AWS credentials for ${where}: configure them, or set DYNAMODB_ENDPOINT for a local store`;
      case 'storage_unavailable':
        return `${where} is busy (throttled): retry shortly`;
    }
  }
  const e = error as { name?: string; message?: string };
  return `unexpected failure: ${e.name ?? 'Error'}: ${(e.message ?? String(error)).split('\n')[0]}`;
}

/** Admin messages are CLI lines ("name is required"); API messages and pages show sentences. */
export function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
