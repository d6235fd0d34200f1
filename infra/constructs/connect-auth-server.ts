import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULTS, ENV } from '../../functions/config.js';
import { FUNCTIONS, ROUTE, ROUTES, type FunctionName } from '../../functions/routes.js';
import { ConnectAlarms } from './alarms.js';
import { ConnectFunction } from './connect-function.js';
import { ConnectEdge } from './edge.js';
import { ConnectHttpApi } from './http-api.js';
import type { ConnectIssuer } from './jwt-authorizer.js';
import { KeyRotationSchedule } from './key-rotation.js';
import type { ConnectAuthServerProps } from './props.js';
import { ConnectTable } from './table.js';

/**
 * Connect on AWS: an HTTP API with one Lambda function per endpoint (from the same ROUTES and
 * FUNCTIONS the local server reads), one DynamoDB table, a KMS key sealing the signing keys,
 * scheduled key rotation, alarms, and optionally a custom domain and CloudFront + WAF.
 */
export class ConnectAuthServer extends Construct implements ConnectIssuer {
  /** The `iss` of every token: `https://<domain>`, or the API's (or CloudFront's) own URL. */
  readonly issuer: string;
  /** The `aud` of every access token. */
  readonly audience: string;
  readonly jwksUrl: string;
  readonly table: ConnectTable;
  /** Wraps the data keys that seal the private signing keys (envelope encryption). */
  readonly signingKeyProtection: Key;
  readonly httpApi: ConnectHttpApi;
  readonly functions: Readonly<Record<FunctionName, NodejsFunction>>;
  readonly keyRotation: KeyRotationSchedule;
  readonly alarms: readonly Alarm[];
  /** Present when `waf` is on. */
  readonly edge?: ConnectEdge;

  constructor(scope: Construct, id: string, props: ConnectAuthServerProps = {}) {
    super(scope, id);
    // RFC 6749 §3.3 scope-token: a bad default scope would fail every request at run time instead.
    const badScope = props.defaultScopes?.find((s) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(s));
    if (badScope !== undefined) throw new Error(`defaultScopes: "${badScope}" is not a valid scope (RFC 6749 §3.3)`);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;
    this.table = new ConnectTable(this, 'Storage', { removalPolicy });
    this.signingKeyProtection = new Key(this, 'SigningKeyProtection', {
      description: 'Connect: wraps the data keys that seal the private token-signing keys',
      enableKeyRotation: true,
      removalPolicy,
    });

    const waf = props.waf === true ? {} : props.waf || undefined;
    this.httpApi = new ConnectHttpApi(this, 'Http', {
      throttling: props.throttling,
      // With WAF the custom domain is CloudFront's, not the API's.
      domain: waf ? undefined : props.domain,
      logRetention,
      removalPolicy,
    });
    if (waf) this.edge = new ConnectEdge(this, 'Edge', { api: this.httpApi.api, waf, domain: props.domain });

    // Fixed at deploy time rather than derived per request: the `iss` of a token never depends
    // on a request header. No cycle: functions read the API's id, routes read the functions.
    this.issuer = props.domain
      ? `https://${props.domain.domainName}`
      : this.edge
        ? `https://${this.edge.distribution.distributionDomainName}`
        : this.httpApi.api.apiEndpoint;
    this.audience = props.audience ?? this.issuer;
    this.jwksUrl = `${this.issuer}${ROUTE.jwks.path}`;

    const shared = {
      table: this.table,
      signingKey: this.signingKeyProtection,
      environment: this.environment(props),
      logRetention,
      removalPolicy,
    };
    const functions = {} as Record<FunctionName, NodejsFunction>;
    const logGroups: ILogGroup[] = [];
    for (const [name, spec] of Object.entries(FUNCTIONS) as [FunctionName, (typeof FUNCTIONS)[FunctionName]][]) {
      const keyUse = spec.signs ? 'decrypt' : 'none';
      const fn = new ConnectFunction(this, pascal(name), { ...shared, spec, keyUse, reservedConcurrency: props.reservedConcurrency?.[name] });
      functions[name] = fn.function;
      logGroups.push(fn.logGroup);
    }
    this.functions = functions;
    this.httpApi.addConnectRoutes(ROUTES, functions);

    this.keyRotation = new KeyRotationSchedule(this, 'KeyRotation', {
      ...shared,
      interval: props.keyRotation?.interval,
      reservedConcurrency: props.reservedConcurrency?.rotateKeys,
    });
    this.alarms = new ConnectAlarms(this, 'Alarms', {
      api: this.httpApi.api,
      functions: { ...functions, rotateKeys: this.keyRotation.rotation.function },
      logGroups: [...logGroups, this.keyRotation.rotation.logGroup],
      table: this.table.table,
      action: props.alarmAction,
    }).alarms;

    // Acknowledged on this construct, so it covers every function below it and nothing else.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'The SPEC fixes the Lambda runtime at nodejs22.x, the newest Node line the project builds and tests on (Node 20 and 22).',
    });
  }

  /** The settings every function reads through functions/config.ts (same names as locally). */
  private environment(props: ConnectAuthServerProps): Record<string, string> {
    const life = props.tokenLifetimes ?? {};
    const seconds = (value: Duration | undefined, fallback: number) => String(value ? value.toSeconds() : fallback);
    return {
      [ENV.issuer]: this.issuer,
      [ENV.audience]: this.audience,
      [ENV.tableName]: this.table.table.tableName,
      [ENV.accessTokenTtl]: seconds(life.accessToken, DEFAULTS.accessTokenTtl),
      [ENV.refreshTokenTtl]: seconds(life.refreshToken, DEFAULTS.refreshTokenTtl),
      [ENV.personalTokenTtl]: seconds(life.personalAccessToken, DEFAULTS.personalTokenTtl),
      [ENV.authCodeTtl]: seconds(life.authorizationCode, DEFAULTS.authCodeTtl),
      [ENV.sessionTtl]: seconds(life.session, DEFAULTS.sessionTtl),
      [ENV.refreshGraceSeconds]: seconds(life.refreshGracePeriod, DEFAULTS.refreshGraceSeconds),
      [ENV.clientCacheSeconds]: seconds(life.clientCache, DEFAULTS.clientCacheSeconds),
      [ENV.keyPublishAheadSeconds]: seconds(props.keyRotation?.publishAhead, DEFAULTS.keyPublishAheadSeconds),
      [ENV.defaultScopes]: (props.defaultScopes ?? []).join(' '),
      [ENV.registration]: props.registration ?? DEFAULTS.registration,
      [ENV.cimdAllowedHosts]: (props.clientMetadataDocumentHosts ?? []).join(' '),
      [ENV.keyProtector]: 'kms',
      [ENV.kmsKeyId]: this.signingKeyProtection.keyArn,
      // Behind CloudFront only: lets the functions believe the viewer address it forwards.
      ...(this.edge ? { [ENV.edgeSecret]: this.edge.originSecret } : {}),
    };
  }
}

/** `token` → `Token`: readable construct ids. */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
