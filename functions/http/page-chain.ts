import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpUrlencodeBodyParser from '@middy/http-urlencode-body-parser';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../config.js';
import { invalidRequest, OAuthError } from '../oauth/errors.js';
import { renderErrorPage } from './render-error.js';
import { htmlPage } from '../pages/response.js';
import { bodyLimit, issuerOf, type LambdaHandler } from './chain.js';
import { reportError } from './errors.js';
import { queryParams, stringParams } from './params.js';
import { wellFormedInput } from './well-formed.js';
import type { HttpResponse } from './responses.js';

export interface PageRequest {
  readonly event: APIGatewayProxyEventV2;
  readonly method: string;
  /** Form fields (POST) or query parameters (GET): flat strings, a repeat is invalid_request. */
  readonly params: Readonly<Record<string, string>>;
  readonly issuer: string;
}

/**
 * The chain of the browser-facing endpoints (login, logout, authorize, request): like the JSON
 * chain, but forms only, POSTs only from this site's own pages, and errors rendered as an HTML
 * page through the same error classification. (Errors that go back to a client as a redirect,
 * RFC 6749 §4.1.2.1, never get here: the authorization endpoint turns them into redirects.)
 */
export function pageEndpoint(
  config: Pick<Config, 'issuer' | 'maxBodyBytes'>,
  handle: (request: PageRequest) => Promise<HttpResponse>,
): LambdaHandler {
  const chain = middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(errorPages())
    .use(httpHeaderNormalizer())
    .use(bodyLimit(config.maxBodyBytes))
    .use(wellFormedInput({ json: false }))
    .use(sameSitePostsOnly(config))
    .use(httpUrlencodeBodyParser({ disableContentTypeError: true }))
    .handler(async (event) => {
      const method = event.requestContext?.http?.method ?? 'GET';
      let params: Record<string, string>;
      if (method === 'POST') {
        const body = event.body as unknown;
        if (typeof body === 'string' && body !== '') throw invalidRequest('Forms must be sent as application/x-www-form-urlencoded.');
        params = stringParams(body);
      } else {
        params = queryParams(event.rawQueryString);
      }
      return handle({ event, method, params, issuer: issuerOf(config, event) });
    }) as unknown as LambdaHandler;
  return headAsGet(chain);
}

/**
 * HEAD answers exactly as GET would — status, headers, cookies — without the body
 * (RFC 9110 §9.3.2). The handler sees a GET, so no page needs to know about HEAD.
 */
function headAsGet(handler: LambdaHandler): LambdaHandler {
  return async (event, context) => {
    if (event.requestContext?.http?.method !== 'HEAD') return handler(event, context);
    const asGet: APIGatewayProxyEventV2 = {
      ...event,
      routeKey: event.routeKey?.replace(/^HEAD /, 'GET '),
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET' } },
    };
    const response = await handler(asGet, context);
    return { ...response, body: '' };
  };
}

/**
 * Login CSRF and friends: a browser says where a POST comes from. `Origin: null` is refused
 * outright, whatever else the request says: it is what a sandboxed frame, a `data:` page or a
 * page with `Referrer-Policy: no-referrer` sends, and no form of ours sends it (our pages use
 * `same-origin`, under which a same-origin POST carries the real origin; Fetch §3.1,
 * "append a request Origin header"). Then `Sec-Fetch-Site` (sent whatever the
 * Referrer-Policy), else `Origin` against the issuer's. Clients without either (curl,
 * tests) are not browsers being tricked.
 */
function sameSitePostsOnly(config: Pick<Config, 'issuer'>): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: async ({ event }) => {
      if (event.requestContext?.http?.method !== 'POST') return;
      const site = event.headers?.['sec-fetch-site'];
      const origin = event.headers?.origin;
      const foreign =
        origin?.trim().toLowerCase() === 'null' ||
        (site !== undefined
          ? site !== 'same-origin' && site !== 'none'
          : origin !== undefined && origin !== new URL(issuerOf(config, event)).origin);
      if (foreign) throw new OAuthError('invalid_request', 'This form was sent from another site.', { status: 403 });
    },
  };
}

function errorPages(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    onError: async (request) => {
      reportError(request.error, { requestId: request.context?.awsRequestId });
      const rendered = renderErrorPage(request.error);
      const response = htmlPage(rendered.status, rendered.page);
      request.response = { ...response, headers: { ...response.headers, ...rendered.headers } };
    },
  };
}
