import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };

/** Responses that carry tokens or token metadata: never cached (RFC 6749 §5.1, RFC 7662 §2.2). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode: status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function noStoreJson(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return json(status, body, { ...NO_STORE, ...headers });
}
