import { AdminError } from '../../admin/errors.js';
import { OAuthError, type OAuthErrorCode } from '../../oauth/errors.js';
import { asOAuthError } from '../errors.js';

/**
 * An error of the management API. Its body is both shapes a caller may look for: Laravel's
 * (`message`, and `errors` by field — what Passport's front ends read) and RFC 6749 §5.2's
 * (`error`, `error_description` — every Connect error has them, SPEC §6).
 */
export class ManagementError extends OAuthError {
  constructor(
    code: OAuthErrorCode,
    status: number,
    message: string,
    readonly fields?: Readonly<Record<string, readonly string[]>>,
    headers?: Record<string, string>,
    cause?: unknown,
  ) {
    super(code, message, { status, ...(headers ? { headers } : {}), ...(cause ? { cause } : {}) });
  }

  override toJSON(): { error: string; error_description: string } {
    return {
      message: this.message,
      ...(this.fields ? { errors: this.fields } : {}),
      error: this.code,
      error_description: this.message,
    } as { error: string; error_description: string };
  }
}

/** 422 with the field at fault: what Laravel answers for input that fails validation. */
export function invalidField(field: string, message: string): ManagementError {
  return new ManagementError('invalid_request', 422, message, { [field]: [message] });
}

export function notFound(what = 'resource'): ManagementError {
  return new ManagementError('not_found', 404, `No such ${what}.`);
}

/** Every error thrown on a management route, in the management shape (then http/errors.ts answers it). */
export function toManagementError(error: unknown): ManagementError {
  if (error instanceof ManagementError) return error;
  if (error instanceof AdminError) {
    const message = sentence(error.message);
    if (error.kind === 'not_found') return new ManagementError('not_found', 404, message);
    if (error.kind === 'conflict') return new ManagementError('invalid_request', 409, message, error.field ? { [error.field]: [message] } : undefined);
    return new ManagementError('invalid_request', 422, message, error.field ? { [error.field]: [message] } : undefined);
  }
  const oauth = asOAuthError(error);
  return new ManagementError(oauth.code, oauth.status, oauth.message, undefined, oauth.headers, error);
}

/** Admin messages are CLI lines ("name is required"); API messages and pages show sentences. */
export function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
