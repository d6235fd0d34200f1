import { ManagementError } from '../render-error.js';

/** The management API's own validation errors; http/render-error.ts renders them (and every other error). */
export { ManagementError, sentence } from '../render-error.js';

/** 422 with the field at fault: what Laravel answers for input that fails validation. */
export function invalidField(field: string, message: string): ManagementError {
  return new ManagementError('invalid_request', 422, message, { [field]: [message] });
}

export function notFound(what = 'resource'): ManagementError {
  return new ManagementError('not_found', 404, `No such ${what}.`);
}
