import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** An API Gateway HTTP API (payload v2) event, as the deployed functions receive them. */
export function apiGatewayEvent(input: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
  query?: string;
  domainName?: string;
}): APIGatewayProxyEventV2 {
  const domainName = input.domainName ?? 'abc123.execute-api.eu-west-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString: input.query ?? '',
    headers: { host: domainName, 'x-forwarded-proto': 'https', ...input.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: `${input.method} ${input.path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    ...(input.body !== undefined
      ? { body: input.base64 ? Buffer.from(input.body).toString('base64') : input.body }
      : {}),
    isBase64Encoded: !!input.base64,
  };
}

export const lambdaContext = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
