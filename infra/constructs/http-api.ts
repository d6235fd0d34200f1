import { Validations, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ApiMapping, DomainName, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ARecord, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { PREFLIGHT_ROUTES, USER_FUNCTIONS, type FunctionName, type Route } from '../../functions/routes.js';
import type { CustomDomainProps, ThrottlingProps } from './props.js';

export interface ConnectHttpApiProps {
  readonly throttling?: ThrottlingProps;
  /** Mapped on the API itself; absent when CloudFront serves the domain. */
  readonly domain?: CustomDomainProps;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** One JSON object per request: ids, route, status and timings — no query string, header or body. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTimeEpoch',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    userAgent: '$context.identity.userAgent',
  }),
);

/**
 * The HTTP API: one route per entry of ROUTES (the list the local server reads too), each to its
 * function; a `$default` stage with throttling and JSON access logs; optionally a custom domain.
 */
export class ConnectHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly domainName?: DomainName;

  constructor(scope: Construct, id: string, props: ConnectHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Connect OAuth 2.0 authorization server',
      createDefaultStage: false,
      // With a custom domain the execute-api address would be a second origin answering with
      // tokens of the custom issuer: one address per issuer.
      disableExecuteApiEndpoint: props.domain !== undefined,
      // No API-wide corsPreflight: it would answer OPTIONS on every path (pages and the
      // management API included) with `*`. The OAuth JSON endpoints answer their own
      // preflights (functions/http/cors.ts), through the OPTIONS routes addConnectRoutes adds.
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttling?.rateLimit ?? 200, burstLimit: props.throttling?.burstLimit ?? 400 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    if (props.domain) {
      this.domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.domainName,
        certificate: props.domain.certificate,
      });
      new ApiMapping(this, 'Mapping', { api: this.api, domainName: this.domainName, stage: this.stage });
      if (props.domain.hostedZone) {
        new ARecord(this, 'Alias', {
          zone: props.domain.hostedZone,
          recordName: props.domain.domainName,
          target: RecordTarget.fromAlias(
            new ApiGatewayv2DomainProperties(this.domainName.regionalDomainName, this.domainName.regionalHostedZoneId),
          ),
        });
      }
    }
  }

  /**
   * One route per entry of ROUTES, each to its function, plus OPTIONS on the paths of the
   * functions callable cross-origin (PREFLIGHT_ROUTES); one integration per function.
   */
  addConnectRoutes(routes: readonly Route[], functions: Readonly<Record<FunctionName, IFunction>>): void {
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of [...routes, ...PREFLIGHT_ROUTES]) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, functions[route.function]);
        integrations.set(route.function, integration);
      }
      const [added] = this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration });
      Validations.of(added!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: USER_FUNCTIONS.includes(route.function)
          ? 'The management API and account page authenticate the user themselves: a session cookie (with a CSRF token on writes) or a Bearer token of a first-party client checked live against revocation, neither of which an API Gateway authorizer can check.'
          : 'These are the OAuth endpoints themselves: clients authenticate to them with their own credentials (RFC 6749 section 2.3) or need none (discovery, JWKS), so no API Gateway authorizer can stand in front.',
      });
    }
  }
}
