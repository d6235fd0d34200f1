import { ConnectError, type OAuthErrorCode } from '../errors.js';

/**
 * The one error family of the protocol. Everything the client did wrong is an OAuthError
 * carrying its RFC code and HTTP status; http/errors.ts turns it into a response in exactly
 * one place. Anything else is a bug or an outage and becomes a generic server_error.
 */

export type { OAuthErrorCode } from '../errors.js';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  access_denied: 403,
  unsupported_response_type: 400,
  server_error: 500,
  temporarily_unavailable: 503,
  unsupported_token_type: 400,
  authorization_pending: 400,
  slow_down: 400,
  expired_token: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  invalid_target: 400,
  login_required: 400,
  consent_required: 400,
  interaction_required: 400,
  request_not_supported: 400,
  request_uri_not_supported: 400,
  not_found: 404,
  method_not_allowed: 405,
};

export interface OAuthErrorOptions {
  status?: number;
  /** Response headers this error needs (WWW-Authenticate, Retry-After, Allow). */
  headers?: Record<string, string>;
  /** Logged, never shown. */
  cause?: unknown;
}

export class OAuthError extends ConnectError<OAuthErrorCode> {
  readonly code: OAuthErrorCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: OAuthErrorCode, description: string, options: OAuthErrorOptions = {}) {
    super(description, { cause: options.cause });
    this.name = 'OAuthError';
    this.code = code;
    this.status = options.status ?? STATUS[code];
    this.headers = options.headers ?? {};
  }

  /** RFC 6749 §5.2 body. The description is written for the client developer. */
  toJSON(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

/** A value DynamoDB would refuse as a key (too long, or a lone surrogate): store/ raises it, a 400. */
export class KeyLimitError extends OAuthError {
  constructor(part: 'pk' | 'sk', limit: number) {
    super('invalid_request', 'A value in this request is too long or is not valid text.', {
      cause: new Error(`${part} over ${limit} bytes or with a lone surrogate`),
    });
    this.name = 'KeyLimitError';
  }
}

export const invalidRequest = (description: string, options?: OAuthErrorOptions) =>
  new OAuthError('invalid_request', description, options);
export const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);
export const invalidScope = (description: string) => new OAuthError('invalid_scope', description);
export const unauthorizedClient = (description: string) =>
  new OAuthError('unauthorized_client', description);
