import type { App } from 'aws-cdk-lib';
import type { ConnectStack } from '../../infra/stacks/connect-stack.js';
import { McpServerStack } from './stack.js';

/**
 * How docs/mcp.md deploys the example next to Connect: the lines between the markers are
 * quoted there verbatim (test/infra/mcp-server-stack.test.ts checks it and synthesizes them).
 */
export function deployMcpServer(app: App, connect: ConnectStack): McpServerStack {
  // docs:start
  const mcp = new McpServerStack(app, 'ConnectMcpServer', {
    issuer: connect.server.issuer, // Connect's IssuerUrl
    mcpUrl: 'https://mcp.example.com/mcp', // the custom domain you map to the MCP API
  });
  // docs:end
  return mcp;
}
