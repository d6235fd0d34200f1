import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PREFLIGHT_ROUTES, ROUTES, type Route } from '../../../functions/routes.js';
import type { DeployedFunction, DeployedName, LambdaResult } from './deployment.js';

/**
 * A stand-in for the deployed HTTP API ($default stage): each HTTP request on 127.0.0.1 is
 * matched to its route and becomes the payload format 2.0 event AWS documents
 * (docs: "Working with AWS Lambda proxy integrations for HTTP APIs"), and the function's
 * answer becomes the HTTP response. So the test helpers that speak HTTP drive the bundles.
 */
export class Gateway {
  /** Every invocation: function name and status, in order. */
  readonly invocations: { name: DeployedName; route: string; status: number }[] = [];
  private server: Server | undefined;

  constructor(
    private readonly functions: Readonly<Record<DeployedName, DeployedFunction>>,
    /** The API's own domain, from the issuer the stack sets (what `host` says on AWS). */
    private readonly domainName: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const match = matchRoute(req.method ?? 'GET', url.pathname);
    if (!match) return send(res, { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"Not Found"}' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const event = toEvent(req, url, match.route, match.pathParameters, Buffer.concat(chunks), this.domainName);
    const fn = this.functions[match.route.function];
    if (!fn) return send(res, { statusCode: 503, body: `${match.route.function} is not deployed in this test` });
    let result: LambdaResult;
    try {
      result = await fn.invoke(event);
    } catch (error) {
      // A function error: API Gateway answers 500 with its own body.
      fn.logs.push(String(error));
      result = { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' };
    }
    const status = result?.statusCode ?? 200;
    this.invocations.push({ name: match.route.function, route: event.routeKey, status });
    if (status >= 500) console.error(`${event.routeKey} → ${status}\n${fn.logs.slice(-10).join('\n')}`);
    send(res, result);
  }
}

export function matchRoute(method: string, path: string): { route: Route; pathParameters: Record<string, string> } | undefined {
  // The deployed API's routes: ROUTES and the preflights (test/infra/connect-stack.test.ts holds the template to both).
  for (const route of [...ROUTES, ...PREFLIGHT_ROUTES]) {
    if (route.method !== method) continue;
    const want = route.path.split('/');
    const got = path.split('/');
    if (want.length !== got.length) continue;
    const pathParameters: Record<string, string> = {};
    const ok = want.every((w, i) => {
      if (!w.startsWith('{')) return w === got[i];
      if (!got[i]) return false;
      // API Gateway passes path parameters percent-decoded (a malformed escape stays as is).
      try {
        pathParameters[w.slice(1, -1)] = decodeURIComponent(got[i]!);
      } catch {
        pathParameters[w.slice(1, -1)] = got[i]!;
      }
      return true;
    });
    if (ok) return { route, pathParameters };
  }
  return undefined;
}

/** Text bodies arrive as they are; anything else (form posts included) base64-encoded, as HTTP APIs do. */
function isText(contentType: string | undefined): boolean {
  return !!contentType && /^(text\/|application\/(json|[\w.+-]+\+json|xml|javascript))/i.test(contentType);
}

/** The access log's `$context.requestTime` format: 01/Dec/2026:16:30:00 +0000. */
function requestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function toEvent(
  req: IncomingMessage,
  url: URL,
  route: Route,
  pathParameters: Record<string, string>,
  body: Buffer,
  domainName: string,
): APIGatewayProxyEventV2 {
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  // Header names lowercase; repeated headers joined with commas; cookies moved to `cookies`.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie' || name === 'host' || name === 'connection') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  headers.host = domainName;
  headers['x-forwarded-for'] = sourceIp;
  headers['x-forwarded-port'] = '443';
  headers['x-forwarded-proto'] = 'https';
  headers['x-amzn-trace-id'] = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const cookies = (req.headers.cookie ?? '').split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const routeKey = `${route.method} ${route.path}`;
  const text = isText(headers['content-type']);
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(url.search.length > 1 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '111122223333',
      apiId: domainName.split('.')[0]!,
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: { method: route.method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID().slice(0, 18),
      routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

function send(res: ServerResponse, result: LambdaResult): void {
  const headers: Record<string, string | string[]> = { ...result.headers };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
