import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../../config.js';
import type { Caller, CallerCredentials } from '../../oauth/tokens/account-access.js';
import { bodyLimit, issuerOf, type LambdaHandler } from '../chain.js';
import { readSessionCookie } from '../cookies.js';
import { respond } from '../errors.js';
import { parseStrictJson, StrictJsonError } from '../json.js';
import { queryParams } from '../params.js';
import { isJson, wellFormedInput } from '../well-formed.js';
import { NO_STORE, noStoreJson, type HttpResponse } from '../responses.js';
import { invalidField, ManagementError } from './errors.js';
import { renderManagementError } from '../render-error.js';

export interface ManagementRequest {
  readonly event: APIGatewayProxyEventV2;
  /** The route key, `DELETE /oauth/clients/{id}`: what API Gateway and the local server matched. */
  readonly route: string;
  /** The `{id}` path parameter, if the route has one. */
  readonly id: string | undefined;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body of a write (`{}` when it has none); never read on GET. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly issuer: string;
  readonly credentials: CallerCredentials;
}

/**
 * The chain of the management API (Passport's JSON routes): header normalization, the body
 * limit, a strict JSON body (a malformed one is a 422, as Laravel answers), and every error
 * in the management shape through the one mapper. Nothing it answers may be cached.
 */
export function managementEndpoint(
  config: Pick<Config, 'issuer' | 'maxBodyBytes'>,
  handle: (request: ManagementRequest) => Promise<HttpResponse>,
): LambdaHandler {
  return middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(managementErrors())
    .use(httpHeaderNormalizer())
    .use(bodyLimit(config.maxBodyBytes))
    // JSON bodies are checked strictly by jsonBody below, to answer in the management shape.
    .use(wellFormedInput({ json: false }))
    .handler(async (event) => {
      const method = event.requestContext?.http?.method ?? 'GET';
      const issuer = issuerOf(config, event);
      const write = method !== 'GET' && method !== 'HEAD';
      const headers = event.headers ?? {};
      return handle({
        event,
        route: event.routeKey ?? `${method} ${event.rawPath}`,
        id: event.pathParameters?.id,
        query: queryParams(event.rawQueryString),
        body: write ? jsonBody(event) : {},
        issuer,
        credentials: {
          authorization: headers.authorization,
          sessionId: readSessionCookie(event, issuer),
          csrf: headers['x-csrf-token'] ?? headers['x-xsrf-token'],
          write,
          issuer,
        },
      });
    }) as unknown as LambdaHandler;
}

/** A JSON response of the management API; a session caller also gets its CSRF token back, for its next write. */
export function answer(status: number, body: unknown, caller?: Caller, headers: Record<string, string> = {}): HttpResponse {
  return noStoreJson(status, body, { ...(caller?.csrf ? { 'X-CSRF-TOKEN': caller.csrf } : {}), ...headers });
}

/** 204 No Content, as Passport answers a deletion. */
export function noContent(caller?: Caller): HttpResponse {
  return { statusCode: 204, headers: { ...NO_STORE, ...(caller?.csrf ? { 'X-CSRF-TOKEN': caller.csrf } : {}) }, body: '' };
}

function jsonBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (raw.trim() === '') return {};
  const type = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!isJson(type)) {
    throw new ManagementError('invalid_request', 415, 'Send the body as JSON, with Content-Type: application/json.');
  }
  let parsed: unknown;
  try {
    // Repeated keys and lone surrogates are refused too (SPEC §6), as repeated form parameters are.
    parsed = parseStrictJson(raw);
  } catch (error) {
    throw invalidField('body', error instanceof StrictJsonError ? error.message : 'The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidField('body', 'The body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function managementErrors(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: async (request) => {
      request.response = respond(renderManagementError(request.error), request.error, { requestId: request.context?.awsRequestId });
    },
  };
}
