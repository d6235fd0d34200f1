import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundlingFor, PROJECT_ROOT } from '../../infra/constructs/bundling.js';

/** RFC 9728 §3.1: the metadata of `https://host/mcp` is at `/.well-known/oauth-protected-resource/mcp`. */
export const PROTECTED_RESOURCE_PREFIX = '/.well-known/oauth-protected-resource';

export interface ConnectMcpServerProps {
  /** Connect's issuer (the Connect stack's `IssuerUrl`, e.g. `auth.issuer`). */
  readonly issuer: string;
  /**
   * This server's public MCP URL, the resource registered with `connect resource:create`, e.g.
   * `https://mcp.example.com/mcp` (a custom domain you map to the API). Default: the API's own
   * execute-api address + `/mcp`, known after deployment.
   */
  readonly mcpUrl?: string;
  /** Default: one month. */
  readonly logRetention?: RetentionDays;
  /** Default: RETAIN (the logs outlive the stack). */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The example MCP server (examples/mcp-server/lambda.ts) as a Lambda function behind its own
 * API Gateway HTTP API: `ANY <mcp path>` and `GET /.well-known/oauth-protected-resource<mcp path>`,
 * both without an API Gateway authorizer, since the function checks the token itself and answers
 * the 401 with the `resource_metadata` pointer MCP clients need. Bundled and run like Connect's
 * own functions (nodejs22.x, arm64, ESM). Its role may write its own log group and nothing else:
 * the function only fetches Connect's public JWKS over HTTPS.
 */
export class ConnectMcpServer extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly api: HttpApi;
  /** The MCP URL the function serves (a token until deployment when `mcpUrl` is not given). */
  readonly mcpUrl: string;

  constructor(scope: Construct, id: string, props: ConnectMcpServerProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.logRetention ?? RetentionDays.ONE_MONTH;
    const path = props.mcpUrl === undefined || Token.isUnresolved(props.mcpUrl) ? '/mcp' : new URL(props.mcpUrl).pathname;

    this.api = new HttpApi(this, 'Api', { description: 'Example MCP server protected by Connect', createDefaultStage: false });
    this.mcpUrl = props.mcpUrl ?? `${this.api.apiEndpoint}${path}`;

    this.logGroup = new LogGroup(this, 'Logs', { retention, removalPolicy });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Example MCP server: writes its own logs, nothing else',
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this group only.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, 'examples/mcp-server/lambda.ts'),
      handler: 'handler',
      description: 'Example MCP server protected by Connect',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { CONNECT_ISSUER: props.issuer, MCP_RESOURCE: this.mcpUrl, NODE_OPTIONS: '--enable-source-maps' },
      bundling: bundlingFor({ hashes: false }),
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Same runtime as Connect, which the SPEC fixes at nodejs22.x (the newest Node line the project tests on).',
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention, removalPolicy });
    new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', routeKey: '$context.routeKey', status: '$context.status' }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Integration', this.function);
    const routes = [
      ...this.api.addRoutes({ path, methods: [HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE], integration }),
      ...this.api.addRoutes({ path: `${PROTECTED_RESOURCE_PREFIX}${path}`, methods: [HttpMethod.GET], integration }),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'The function checks the Connect access token itself (aud, scope, signature): an API Gateway authorizer cannot answer the 401 with the RFC 9728 resource_metadata pointer MCP clients need, and the metadata document is public.',
      });
    }
  }
}

export interface McpServerStackProps extends StackProps, ConnectMcpServerProps {}

/** The example MCP server in a stack of its own, next to the Connect stack. */
export class McpServerStack extends Stack {
  readonly server: ConnectMcpServer;

  constructor(scope: Construct, id: string, props: McpServerStackProps) {
    super(scope, id, props);
    this.server = new ConnectMcpServer(this, 'McpServer', props);
    new CfnOutput(this, 'McpUrl', { value: this.server.mcpUrl, description: 'Register it: connect resource:create <this URL> --scopes mcp:tools' });
  }
}
