import { beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../../support/events.js';
import { aClient, aResource, aScope } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * examples/mcp-server/lambda.ts, the example MCP server as deployed behind API Gateway: its
 * handler called with payload 2.0 events, trusting a real Connect (the local server, over HTTP).
 */
describe('the example MCP server as a Lambda function', () => {
  const resource = 'https://mcp.example.com/mcp';
  let server: TestServer;
  let handler: typeof import('../../../examples/mcp-server/lambda.js').handler;
  let robot: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'mcp:tools', 'Use the tools');
    await aResource(server.deps, { uri: resource, scopes: 'mcp:tools' });
    robot = await aClient(server.deps, { kind: 'client_credentials' });
    process.env.CONNECT_ISSUER = server.url;
    process.env.MCP_RESOURCE = resource;
    ({ handler } = await import('../../../examples/mcp-server/lambda.js'));
  });

  const mcpCall = (authorization?: string) =>
    handler(
      apiGatewayEvent({
        method: 'POST',
        path: '/mcp',
        domainName: 'mcp.example.com',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } }),
      }),
    );

  it('serves its protected-resource metadata and points a request without a token at it', async () => {
    const metadata = await handler(apiGatewayEvent({ method: 'GET', path: '/.well-known/oauth-protected-resource/mcp', domainName: 'mcp.example.com' }));
    expect(metadata.statusCode).toBe(200);
    expect(JSON.parse(metadata.body!)).toMatchObject({ resource, authorization_servers: [server.url] });
    const refused = await mcpCall();
    expect(refused.statusCode).toBe(401);
    expect(refused.headers!['www-authenticate']).toBe('Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"');
  });

  it('calls the tool for a token bound to it', async () => {
    const issued = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope: 'mcp:tools', resource }, { authorization: basic(robot.client_id, robot.client_secret!) });
    const res = await mcpCall(`Bearer ${issued.body.access_token}`);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ id: 7, result: { structuredContent: { sub: robot.client_id, client_id: robot.client_id, scopes: ['mcp:tools'] } } });
  });
});
