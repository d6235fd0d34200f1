import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mcpApp } from './app.js';

/**
 * The example MCP server as a Lambda function behind an API Gateway HTTP API (payload 2.0).
 * Environment: CONNECT_ISSUER (Connect's `IssuerUrl`) and MCP_RESOURCE (this function's public
 * MCP URL, e.g. `https://mcp.example.com/mcp`, registered with `connect resource:create`).
 * Route both `ANY /mcp` and `GET /.well-known/oauth-protected-resource/mcp` to it, with no
 * API Gateway authorizer: the function checks the token itself and must answer the 401 with
 * the metadata pointer that MCP clients need (see docs/mcp.md).
 */
const app = mcpApp({ issuer: process.env.CONNECT_ISSUER!, resource: process.env.MCP_RESOURCE! });

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
  const method = event.requestContext.http.method;
  const body = event.body === undefined || method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const origin = new URL(process.env.MCP_RESOURCE!).origin;
  const response = await app.fetch(new Request(`${origin}${event.rawPath}${query}`, { method, headers, body }));
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}
