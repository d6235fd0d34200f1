import { createServer, type Server } from 'node:http';
import { freePort } from '../../functions/local/dynamodb-local.js';

export interface CallbackServer {
  readonly url: string;
  /** The query of every request the callback received, in order. */
  readonly received: Record<string, string>[];
  close(): Promise<void>;
}

/** A client application's redirect URI: records what the authorization server sends back. */
export async function startCallbackServer(): Promise<CallbackServer> {
  const port = await freePort();
  const received: Record<string, string>[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    if (url.pathname === '/callback') received.push(Object.fromEntries(url.searchParams));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Callback</title><h1>Callback received</h1>');
  });
  await new Promise<void>((done) => server.listen(port, done));
  return {
    url: `http://localhost:${port}/callback`,
    received,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
