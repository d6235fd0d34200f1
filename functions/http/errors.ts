import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { log } from '../log.js';
import { protocolView, renderRfcError, type RenderedJson } from './render-error.js';
import { json, NO_STORE, type HttpResponse } from './responses.js';

/**
 * Where an error becomes an HTTP response (DESIGN rule 1): the renderers are pure
 * (http/render-error.ts); this logs what is the server's fault first — never shown.
 */
export function toErrorResponse(error: unknown, context: { requestId?: string } = {}): HttpResponse {
  return respond(renderRfcError(error), error, context);
}

/** A rendered error as a response (never cached), logged first when it is the server's fault. */
export function respond(rendered: RenderedJson, error: unknown, context: { requestId?: string } = {}): HttpResponse {
  reportError(error, context);
  return json(rendered.status, rendered.body, { ...NO_STORE, ...rendered.headers });
}

/** Logs an error that is the server's fault (status 5xx); pages use it too. */
export function reportError(error: unknown, context: { requestId?: string } = {}): void {
  if (protocolView(error).status >= 500) {
    log('error', 'request failed', { requestId: context.requestId, error: describe(error) });
  }
}

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
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
