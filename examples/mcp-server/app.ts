import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { protectedResource, type ProtectedResource } from 'connect-oauth/resource-server';

/**
 * An MCP server (Streamable HTTP, one tool) protected by Connect, as one web-standard
 * `fetch(Request) → Response` function: node.ts serves it next to `npm start`, lambda.ts behind
 * API Gateway. Every MCP request needs a Connect access token for this server's URI (`aud`,
 * RFC 8707) with the `mcp:tools` scope; a request without one gets 401 with the pointer to the
 * RFC 9728 document, which this function serves too — that is how MCP clients find Connect.
 */
export interface McpAppOptions {
  /** Connect's issuer, e.g. `http://localhost:3000`. */
  readonly issuer: string;
  /** This server's MCP endpoint, registered with `connect resource:create`, e.g. `http://localhost:3001/mcp`. */
  readonly resource: string;
}

/** The scope a token needs to call the tools. */
export const MCP_SCOPE = 'mcp:tools';

export interface McpApp {
  readonly protect: ProtectedResource;
  fetch(request: Request): Promise<Response>;
}

export function mcpApp(options: McpAppOptions): McpApp {
  const protect = protectedResource({
    issuer: options.issuer,
    resource: options.resource,
    scopesSupported: [MCP_SCOPE],
    resourceName: 'Connect example MCP server',
  });
  const endpoint = new URL(options.resource).pathname;

  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const plain = { method: request.method, url: url.pathname + url.search, headers: Object.fromEntries(request.headers) };
    const metadata = protect.serveMetadata(plain);
    if (metadata) return new Response(metadata.body || null, { status: metadata.status, headers: metadata.headers });
    if (url.pathname !== endpoint) return Response.json({ error: 'not_found' }, { status: 404 });

    const verdict = await protect.authenticate(plain, [MCP_SCOPE]);
    if (!verdict.ok) return new Response(verdict.response.body, { status: verdict.response.status, headers: verdict.response.headers });
    const { token } = verdict;

    // Stateless (no session): a server and transport per request, as on Lambda.
    const server = new McpServer({ name: 'connect-example', version: '1.0.0' });
    server.registerTool(
      'whoami',
      { title: 'Who am I', description: 'Tells who the access token speaks for: its subject, client and scopes.' },
      async (extra) => {
        const auth = extra.authInfo!;
        const who = { sub: auth.extra?.subject, client_id: auth.clientId, scopes: auth.scopes };
        return { content: [{ type: 'text' as const, text: JSON.stringify(who) }], structuredContent: who };
      },
    );
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, {
        authInfo: {
          token: token.token,
          clientId: token.clientId ?? '',
          scopes: [...token.scopes],
          expiresAt: token.expiresAt,
          resource: new URL(token.resource),
          extra: { subject: token.subject },
        },
      });
    } finally {
      await server.close();
    }
  }

  return { protect, fetch };
}
