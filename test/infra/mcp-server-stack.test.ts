import { readFileSync } from 'node:fs';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployMcpServer } from '../../examples/mcp-server/cdk-app.js';
import type { McpServerStack } from '../../examples/mcp-server/stack.js';
import { ENV } from '../../functions/config.js';
import { openNagFindings, synthesize, type Json, type Synthesized } from './synth.js';

/** The example MCP server deployed as docs/mcp.md says, in the same app as the default Connect stack. */
let synth: Synthesized;
let mcp: McpServerStack;
let resources: Record<string, Json>;

beforeAll(() => {
  synth = synthesize({}, { build: (stack) => (mcp = deployMcpServer(stack.node.root as App, stack)) });
  resources = Template.fromStack(mcp).toJSON().Resources;
});

const ofType = (type: string): Json[] => Object.values(resources).filter((r: Json) => r.Type === type);
const mcpLogicalId = (): string => mcp.getLogicalId(mcp.server.function.node.defaultChild as never);
const mcpFunction = (): Json => resources[mcpLogicalId()];

describe('the example MCP server stack', () => {
  it('runs the example handler on nodejs22.x arm64, bundled as ESM', () => {
    const fns = ofType('AWS::Lambda::Function');
    expect(fns).toHaveLength(1);
    expect(mcpFunction().Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
  });

  it("gives the function Connect's issuer and its own MCP URL as the resource its tokens must name", () => {
    const env = mcpFunction().Properties.Environment.Variables;
    expect(env.MCP_RESOURCE).toBe('https://mcp.example.com/mcp');
    // The issuer crosses stacks as an export of the Connect stack: the very value Connect signs with.
    const exportName = env.CONNECT_ISSUER['Fn::ImportValue'];
    const connect = Template.fromStack(synth.stack).toJSON();
    const exported = Object.values(connect.Outputs as Record<string, Json>).find((o: Json) => o.Export?.Name === exportName);
    const tokenEnv = synth.resources[synth.logicalId(synth.stack.server.functions.token)].Properties.Environment.Variables;
    expect(exported?.Value).toEqual(tokenEnv[ENV.issuer]);
  });

  it('routes the MCP endpoint and its RFC 9728 metadata document to the function, without an API Gateway authorizer', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map((r: Json) => r.Properties);
    expect(routes.map((r: Json) => r.RouteKey).sort()).toEqual([
      'DELETE /mcp',
      'GET /.well-known/oauth-protected-resource/mcp',
      'GET /mcp',
      'POST /mcp',
    ]);
    for (const route of routes) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    const integrations = ofType('AWS::ApiGatewayV2::Integration');
    expect(integrations).toHaveLength(1);
    expect(JSON.stringify(integrations[0].Properties.IntegrationUri)).toContain(mcpLogicalId());
  });

  it('grants the function nothing beyond writing its own log group, with no managed policy', () => {
    const role = resources[mcpFunction().Properties.Role['Fn::GetAtt'][0]];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = ofType('AWS::IAM::Policy').flatMap((p: Json) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: Json) => [s.Action].flat());
    expect(new Set(actions)).toEqual(new Set(['logs:CreateLogStream', 'logs:PutLogEvents']));
    const logGroupId = mcp.getLogicalId(mcp.server.logGroup.node.defaultChild as never);
    for (const statement of statements) expect(JSON.stringify(statement.Resource)).toContain(logGroupId);
  });

  it('leaves no cdk-nag AwsSolutions finding open', () => {
    expect(openNagFindings(synth, mcp)).toEqual([]);
  });

  it('is deployed in docs/mcp.md by exactly the lines this test synthesizes', () => {
    const source = readFileSync(new URL('../../examples/mcp-server/cdk-app.ts', import.meta.url), 'utf8');
    const snippet = source.split('// docs:start\n')[1]!.split('  // docs:end')[0]!.replace(/^ {2}/gm, '');
    const docs = readFileSync(new URL('../../docs/mcp.md', import.meta.url), 'utf8');
    expect(docs).toContain(snippet);
  });
});
