import type { App } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployMcpServer } from '../../examples/mcp-server/cdk-app.js';
import type { McpServerStack } from '../../examples/mcp-server/stack.js';
import { apiGatewayEvent } from '../support/events.js';
import { DeployedFunction, lambdaNode, type DeployedName } from '../support/lambda/deployment.js';
import { AwsStandIn } from '../support/lambda/aws-stand-in.js';
import { synthesize } from './synth.js';

/**
 * The example MCP server's synthesized bundle (esbuild, as `cdk deploy` uploads it), run by the
 * project's Lambda runtime on Node 22 in a folder outside the project, with the environment
 * its template sets: it answers API Gateway events without the project's node_modules.
 */
describe('the example MCP server bundle', () => {
  let fn: DeployedFunction;

  beforeAll(() => {
    let mcp: McpServerStack | undefined;
    // Only the MCP stack is bundled: Connect's functions are covered by function-bundles.test.ts.
    const context = { [BUNDLING_STACKS]: ['ConnectMcpServer'] } as unknown as Record<string, string>;
    const synth = synthesize({}, { bundle: true, context, build: (stack) => (mcp = deployMcpServer(stack.node.root as App, stack)) });
    const server = mcp!.server;
    const assembly = synth.app.synth();
    const template = assembly.getStackArtifact(mcp!.artifactId).template;
    const properties = template.Resources[mcp!.getLogicalId(server.function.node.defaultChild as never)].Properties;
    const assetDir = `${assembly.directory}/asset.${(properties.Code.S3Key as string).replace(/\.zip$/, '')}`;
    // Connect's issuer is an import from its stack; here, the made-up address of a deployed Connect.
    const environment = { ...properties.Environment.Variables, CONNECT_ISSUER: 'https://auth.example.com' };
    const name = 'mcpServer' as DeployedName;
    const aws = new AwsStandIn({ name, statements: [], tables: {}, keyArn: '' }, 'http://127.0.0.1:9');
    fn = new DeployedFunction(name, assetDir, environment, properties.MemorySize, [], aws, lambdaNode('x64'));
  }, 240_000);

  afterAll(() => fn?.stop());

  it('serves the RFC 9728 document naming its resource and Connect', async () => {
    const result = await fn.invoke(apiGatewayEvent({ method: 'GET', path: '/.well-known/oauth-protected-resource/mcp', domainName: 'mcp.example.com' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: ['https://auth.example.com'],
      scopes_supported: ['mcp:tools'],
    });
  });

  it('answers an MCP call without a token with 401 and the pointer to that document', async () => {
    const result = await fn.invoke(
      apiGatewayEvent({
        method: 'POST',
        path: '/mcp',
        domainName: 'mcp.example.com',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      }),
    );
    expect(result.statusCode).toBe(401);
    const challenge = Object.entries(result.headers ?? {}).find(([k]) => k.toLowerCase() === 'www-authenticate')?.[1];
    expect(challenge).toContain('resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"');
  });
});
