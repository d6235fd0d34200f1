import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { StorageError } from '../errors.js';
import { OAuthError } from '../oauth/errors.js';
import { log } from '../log.js';
import { json, NO_STORE, type HttpResponse } from './responses.js';

/**
 * The one place an error becomes an HTTP response (DESIGN rule 1). OAuthErrors carry their RFC
 * code and status; middy's own HTTP errors (malformed bodies) are the client's mistake too;
 * anything else is logged and answered with a generic error — never a stack trace.
 */
export function toErrorResponse(error: unknown, context: { requestId?: string } = {}): HttpResponse {
  const oauth = reportError(error, context);
  return json(oauth.status, oauth.toJSON(), { ...NO_STORE, ...oauth.headers });
}

/** The OAuthError an error stands for, logged first when it is the server's fault (pages use it too). */
export function reportError(error: unknown, context: { requestId?: string } = {}): OAuthError {
  const oauth = asOAuthError(error);
  if (oauth.status >= 500) {
    log('error', 'request failed', { requestId: context.requestId, error: describe(error) });
  }
  return oauth;
}

export function asOAuthError(error: unknown): OAuthError {
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

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  // A wrapped error (the management API's) is logged with what it wraps.
  const cause = error.cause !== undefined ? { cause: describe(error.cause) } : {};
  return { name: error.name, message: error.message, stack: error.stack, ...cause };
}

export function errorMapper(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: async (request) => {
      request.response = toErrorResponse(request.error, { requestId: request.context?.awsRequestId });
    },
  };
}
