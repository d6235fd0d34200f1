import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Config } from '../config.js';
import { invalidRequest, OAuthError } from '../oauth/errors.js';
import { clientAddress } from './client-address.js';
import { corsMiddleware, preflightMiddleware } from './cors.js';
import { errorMapper } from './errors.js';
import { queryParams, stringParams } from './params.js';
import { wellFormedInput } from './well-formed.js';
import type { HttpResponse } from './responses.js';

export interface ParsedRequest {
  readonly event: APIGatewayProxyEventV2;
  /** Body parameters (POST) or query parameters (GET), flat strings. */
  readonly params: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  /** The issuer this request is served under (SPEC §6). */
  readonly issuer: string;
  /** The caller's address as API Gateway saw it: for the audit trail and brute-force counters. */
  readonly sourceIp: string;
}

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/**
 * ISSUER, or else the origin the request came to. That origin comes from headers a client
 * writes (locally, Host and X-Forwarded-Proto): one that is not an origin is the client's
 * mistake (invalid_request), not a URL for the rest of the request to fail on.
 */
export function issuerOf(config: Pick<Config, 'issuer'>, event: APIGatewayProxyEventV2): string {
  if (config.issuer) return config.issuer;
  const host = event.requestContext?.domainName ?? event.headers?.host ?? 'localhost';
  const proto = event.headers?.['x-forwarded-proto']?.split(',')[0]?.trim() ?? 'https';
  const issuer = `${proto}://${host}`;
  if (!isOrigin(issuer)) throw invalidRequest('The Host (or X-Forwarded-Proto) header does not name an origin.');
  return issuer;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password && url.pathname === '/' && !url.search && !url.hash && !/[/?#@\\]/.test(text.slice(url.protocol.length + 2));
  } catch {
    return false;
  }
}

/** 413 before any parsing work is spent on an oversized body (SPEC §6). */
export function bodyLimit(maxBytes: number): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: async ({ event }) => {
      if (!event.body) return;
      const bytes = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
      if (bytes > maxBytes) {
        throw new OAuthError('invalid_request', `The request body exceeds ${maxBytes} bytes.`, { status: 413 });
      }
    },
  };
}

/** RFC 6749 §3.2 bodies are forms; SPEC §4 also accepts JSON. Anything else is refused. */
function requireParsedBody(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: async ({ event }) => {
      const body = event.body as unknown;
      if (typeof body === 'string' && body !== '') {
        throw invalidRequest('Content-Type must be application/x-www-form-urlencoded or application/json.');
      }
    },
  };
}

/**
 * The one middy chain every OAuth JSON endpoint runs through: header normalization, body
 * limit, form/JSON parsing, flat string parameters, and the single error mapper.
 */
export function oauthEndpoint(
  config: Pick<Config, 'issuer' | 'maxBodyBytes' | 'edgeSecret'>,
  options: { readonly body: boolean },
  handle: (request: ParsedRequest) => Promise<HttpResponse>,
): LambdaHandler {
  const chain = middy<APIGatewayProxyEventV2, HttpResponse>()
    // First in, so its onError runs last: after the mapper has made the error a response.
    .use(corsMiddleware())
    .use(preflightMiddleware())
    .use(errorMapper())
    .use(httpHeaderNormalizer())
    .use(bodyLimit(config.maxBodyBytes))
    .use(wellFormedInput({ json: true }));
  if (options.body) {
    chain
      .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
      .use(httpJsonBodyParser({ disableContentTypeError: true }))
      .use(requireParsedBody());
  }
  return chain.handler(async (event) => {
    const params = options.body ? stringParams(event.body) : queryParams(event.rawQueryString);
    return handle({
      event,
      params,
      authorization: event.headers?.authorization,
      issuer: issuerOf(config, event),
      sourceIp: clientAddress(event, config),
    });
  }) as unknown as LambdaHandler;
}
