import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mcpApp, type McpAppOptions } from './app.js';

/**
 * The example MCP server on Node's `http`, for running next to `npm start`:
 *   npm run mcp:example    (CONNECT_ISSUER default http://localhost:3000, MCP_PORT default 3001)
 */
export function createMcpServer(options: McpAppOptions): Server {
  const app = mcpApp(options);
  return createServer((req, res) => {
    toRequest(req)
      .then((request) => app.fetch(request))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'server_error' }));
      });
  });
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const body = chunks.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const issuer = process.env.CONNECT_ISSUER ?? 'http://localhost:3000';
  const port = Number(process.env.MCP_PORT ?? 3001);
  const resource = process.env.MCP_RESOURCE ?? `http://localhost:${port}/mcp`;
  createMcpServer({ issuer, resource }).listen(port, () => {
    console.log(`Example MCP server: ${resource} (tokens from ${issuer}; metadata at /.well-known/oauth-protected-resource${new URL(resource).pathname})`);
  });
}
