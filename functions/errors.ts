/**
 * The one error family (shared/DESIGN.md rule 9): every error Connect raises on purpose is a
 * ConnectError with a code from one stable union, like jose's `util/errors.ts` — the protocol's
 * (OAuthError, oauth/errors.ts), the use cases' (AdminError, admin/errors.ts), configuration
 * (ConfigError) and storage outages (StorageError, below). A storage outage is raised by store/
 * in these terms, so no module outside store/ knows an AWS SDK error name: http/errors.ts
 * answers it 503 (or a generic 500), cli/errors.ts prints its one line.
 */

/** RFC codes, and the two of ours for routes (still RFC-shaped JSON). */
export type OAuthErrorCode =
  // RFC 6749 §5.2 (token endpoint) and §4.1.2.1 (authorization endpoint)
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'
  // RFC 7009 §2.2.1
  | 'unsupported_token_type'
  // RFC 8628 §3.5 (device authorization grant)
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  // RFC 6750 §3.1
  | 'invalid_token'
  | 'insufficient_scope'
  // RFC 7591 §3.2.2 (dynamic client registration)
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  // RFC 8707 §2: a resource indicator this server will not issue a token for
  | 'invalid_target'
  // OpenID Connect Core 1.0 §3.1.2.6 (authorization errors) and §6 (request objects)
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  // Ours, for routes that do not exist or wrong methods (still an RFC-shaped JSON body).
  | 'not_found'
  | 'method_not_allowed';

/** A use case refused its input (the CLI prints a line, the management API answers 4xx). */
export type AdminErrorCode = 'invalid' | 'not_found' | 'conflict';

/** What went wrong with the table, as stable codes (like jose's `util/errors.ts`). */
export type StorageErrorCode =
  /** Throttled, overloaded, or a transaction cancelled by a conflict it could not win: retry. */
  | 'storage_unavailable'
  /** No answer at all: refused, reset, timed out, or the host is unknown. */
  | 'storage_unreachable'
  /** The table does not exist at this endpoint. */
  | 'table_not_found'
  /** No usable credentials for DynamoDB on AWS. */
  | 'storage_credentials';

/** Every code a Connect error can carry. */
export type ErrorCode = OAuthErrorCode | AdminErrorCode | StorageErrorCode | 'config_invalid';

/** The base of every error Connect raises on purpose; anything else is a bug (a logged 500). */
export abstract class ConnectError<Code extends ErrorCode = ErrorCode> extends Error {
  abstract readonly code: Code;
}

export class StorageError extends ConnectError<StorageErrorCode> {
  readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StorageError';
    this.code = code;
  }

  /** Whether a retry shortly may succeed: the HTTP layer answers these 503 with Retry-After. */
  get transient(): boolean {
    return this.code === 'storage_unavailable' || this.code === 'storage_unreachable';
  }
}
