import type { MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResponse } from './responses.js';

/**
 * Cross-origin access to the OAuth JSON endpoints (token, revocation, introspection, JWKS,
 * metadata): a single-page app — a public client with PKCE — calls them from its own origin.
 * Any origin, never credentials: these endpoints take no cookies, so a page on another origin
 * gains nothing it could not do from a server (RFC 9700 §2.1.1; OAuth 2.0 for Browser-Based
 * Apps). The HTML pages and the cookie-based management API get no CORS headers from here.
 * Preflights (OPTIONS) are answered by these functions themselves, locally and on AWS (the
 * HTTP API routes OPTIONS of their paths to them): no other route answers one, anywhere.
 */
export const CORS_POLICY = {
  allowOrigins: ['*'],
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['Authorization', 'Content-Type'],
  maxAgeSeconds: 86400,
} as const;

export function corsMiddleware() {
  return httpCors({
    origin: '*',
    methods: CORS_POLICY.allowMethods.join(', '),
    headers: CORS_POLICY.allowHeaders.join(', '),
    maxAge: String(CORS_POLICY.maxAgeSeconds),
  });
}

/** The answer to a preflight (OPTIONS) request, locally and deployed. */
export function preflightHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': CORS_POLICY.allowMethods.join(', '),
    'Access-Control-Allow-Headers': CORS_POLICY.allowHeaders.join(', '),
    'Access-Control-Max-Age': String(CORS_POLICY.maxAgeSeconds),
  };
}

/** Answers a preflight before any parsing: a 204 with the policy's headers (Fetch standard §3.2.2). */
export function preflightMiddleware(): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: async (request) => {
      if (request.event.requestContext?.http?.method !== 'OPTIONS') return undefined;
      return { statusCode: 204, headers: preflightHeaders(), body: '' };
    },
  };
}
