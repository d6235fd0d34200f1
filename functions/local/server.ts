import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { toErrorResponse } from '../http/errors.js';
import type { HttpResponse } from '../http/responses.js';
import { OAuthError } from '../oauth/errors.js';
import { FUNCTIONS, PREFLIGHT_ROUTES, ROUTES, type FunctionName } from '../routes.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/** API Gateway's own payload limit; the handlers apply their smaller one (SPEC §6). */
const MAX_RAW_BODY = 10 * 1024 * 1024;

/**
 * `npm start`'s HTTP server: each request becomes the API Gateway v2 event the deployed
 * function would get, routed by the same ROUTES list as the CDK stack.
 */
export function createLocalServer(): Server {
  const handlers = new Map<FunctionName, Promise<Handler>>();
  const load = (name: FunctionName): Promise<Handler> => {
    let handler = handlers.get(name);
    if (!handler) {
      const entry = FUNCTIONS[name].entry.replace(/^functions\//, '../').replace(/\.ts$/, '.js');
      handler = import(entry).then((m: { handler: Handler }) => m.handler);
      handlers.set(name, handler);
    }
    return handler;
  };

  return createServer((req, res) => {
    serve(req, res, load).catch((error) => send(res, toErrorResponse(error)));
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, load: (name: FunctionName) => Promise<Handler>) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const matching = ROUTES.filter((r) => matches(r.path, path));
  // A CORS preflight goes to the function of its path, as the deployed HTTP API routes it
  // (PREFLIGHT_ROUTES): only the OAuth JSON endpoints answer one.
  const preflight = req.method === 'OPTIONS' ? PREFLIGHT_ROUTES.find((r) => matches(r.path, path)) : undefined;
  const route = preflight ?? matching.find((r) => r.method === req.method);
  if (!route) {
    const error =
      matching.length > 0
        ? new OAuthError('method_not_allowed', `Use ${matching.map((r) => r.method).join(' or ')} for ${path}.`, {
            headers: { Allow: matching.map((r) => r.method).join(', ') },
          })
        : new OAuthError('not_found', `No route for ${req.method} ${path}.`);
    return send(res, toErrorResponse(error));
  }
  const body = await readBody(req);
  if (body === undefined) {
    return send(res, toErrorResponse(new OAuthError('invalid_request', 'The request body is too large.', { status: 413 })));
  }
  const handler = await load(route.function);
  const event = toEvent(req, url, route.method + ' ' + route.path, body, pathParameters(route.path, path) ?? {});
  const requestId = event.requestContext.requestId;
  const context = { awsRequestId: requestId, getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
  send(res, await handler(event, context));
}

function matches(pattern: string, path: string): boolean {
  return pathParameters(pattern, path) !== undefined;
}

function pathParameters(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return undefined; // not valid percent-encoding: no such resource
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_RAW_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(
  req: IncomingMessage,
  url: URL,
  routeKey: string,
  body: Buffer,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  headers['x-forwarded-proto'] ??= 'http';
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const text = body.toString('utf8');
  // Like API Gateway: text bodies as they are, anything not valid UTF-8 base64-encoded.
  const binary = Buffer.compare(Buffer.from(text, 'utf8'), body) !== 0;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: binary ? body.toString('base64') : text } : {}),
    isBase64Encoded: binary,
  };
}

function send(res: ServerResponse, response: HttpResponse): void {
  if (res.headersSent) return;
  const headers: Record<string, string | string[]> = { ...response.headers };
  if (response.cookies && response.cookies.length > 0) headers['Set-Cookie'] = response.cookies;
  res.writeHead(response.statusCode ?? 200, headers);
  const body = response.body ?? '';
  res.end(response.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
