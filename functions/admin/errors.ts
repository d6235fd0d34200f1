import { ConnectError, type AdminErrorCode } from '../errors.js';

/** A mistake in an admin request: the CLI prints its message as one line, the API as 4xx. */
export class AdminError extends ConnectError<AdminErrorCode> {
  constructor(
    message: string,
    readonly kind: AdminErrorCode = 'invalid',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }

  get code(): AdminErrorCode {
    return this.kind;
  }
}
