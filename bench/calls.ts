import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * One HTTP call of the benchmark, in a neutral form that becomes either the API Gateway v2
 * event a Lambda function receives (in-process and cold-start runs) or an autocannon request
 * (the HTTP runs), so every column measures the same request.
 */
export interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A form-urlencoded body (POST). */
  readonly body?: string;
}

export const ISSUER = 'http://localhost:3000';

export function postForm(path: string, params: Record<string, string>, authorization?: string): Call {
  return {
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: new URLSearchParams(params).toString(),
  };
}

export function get(path: string): Call {
  return { method: 'GET', path, headers: {} };
}

/** RFC 6749 §2.3.1: each part form-urlencoded, then Base64. */
export function basic(clientId: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return 'Basic ' + Buffer.from(`${enc(clientId)}:${enc(secret)}`).toString('base64');
}

/** The event API Gateway (HTTP API, payload 2.0) hands the function for this call. */
export function toEvent(call: Call, routeKey = `${call.method} ${call.path}`): APIGatewayProxyEventV2 {
  const [rawPath, rawQueryString = ''] = call.path.split('?') as [string, string?];
  const now = new Date();
  const headers = { host: 'localhost:3000', 'x-forwarded-proto': 'http', 'user-agent': 'connect-bench', ...call.headers };
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) } : {}),
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'localhost:3000',
      domainPrefix: 'localhost',
      http: { method: call.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'connect-bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(call.body !== undefined ? { body: call.body } : {}),
    isBase64Encoded: false,
  };
}

/** The Lambda context the handlers read (request id, remaining time). */
export function lambdaContext(): Record<string, unknown> {
  return { awsRequestId: randomUUID(), functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };
}
