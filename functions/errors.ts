/**
 * The errors every layer may see, whatever raised them (shared/DESIGN.md rule 9). A storage
 * outage is raised by store/ in these terms, so no module outside store/ knows an AWS SDK error
 * name: http/errors.ts answers it 503 (or a generic 500), cli/errors.ts prints its one line.
 * The protocol's own family stays oauth/errors.ts (OAuthError, RFC codes).
 */

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

export class StorageError extends Error {
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
