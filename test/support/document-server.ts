import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

type Respond = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A web server on 127.0.0.1 that hosts client ID metadata documents (SPEC §9) — and the
 * misbehaving answers an attacker would serve — counting every request per path, so a test
 * can prove what was fetched, and how often.
 */
export interface DocumentServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Serves `path` with `respond` from now on; returns the document's URL. */
  route(path: string, respond: Respond): string;
  /** Requests received for `path` (any method). */
  hits(path: string): number;
  /** The Host header of the last request for `path`. */
  lastHost(path: string): string | undefined;
}

export async function startDocumentServer(): Promise<DocumentServer> {
  const routes = new Map<string, Respond>();
  const counts = new Map<string, number>();
  const hosts = new Map<string, string | undefined>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    hosts.set(path, req.headers.host);
    const respond = routes.get(path);
    if (!respond) {
      res.writeHead(404).end();
      return;
    }
    respond(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    route(path, respond) {
      routes.set(path, respond);
      return `${origin}${path}`;
    },
    hits: (path) => counts.get(path) ?? 0,
    lastHost: (path) => hosts.get(path),
  };
}

/** A JSON document, with extra response headers (Cache-Control…). */
export function jsonDocument(body: unknown, headers: Record<string, string> = {}): Respond {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** A client ID metadata document for `url` (SPEC §9), with any fields overridden. */
export function clientDocument(url: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: url,
    client_name: 'Example MCP client',
    redirect_uris: ['http://localhost:9999/callback'],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    ...fields,
  };
}

/** Sends the start of a JSON body, then one byte every `everyMs`, never finishing. */
export function trickle(everyMs = 50): Respond {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"client_id": "');
    const timer = setInterval(() => res.write('a'), everyMs);
    const stop = () => clearInterval(timer);
    req.socket.once('close', stop);
    res.once('close', stop);
  };
}
