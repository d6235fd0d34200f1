import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ENV, loadConfig } from '../../functions/config.js';
import { createContainer } from '../../functions/container.js';
import { FUNCTIONS, PREFLIGHT_ROUTES, ROUTES, type FunctionName, type FunctionSpec } from '../../functions/routes.js';
import { KmsKeyProtector } from '../../functions/store/kms-key-protector.js';
import { TABLE_SCHEMA } from '../../functions/store/schema.js';
import { ROTATION_FUNCTION } from '../../infra/constructs/key-rotation.js';
import {
  acknowledgedRules,
  findCycle,
  openNagFindings,
  resolveIntrinsics,
  synthesize,
  type Json,
  type Synthesized,
} from './synth.js';

let synth: Synthesized;
let functions: [string, IFunction, FunctionSpec][];

beforeAll(() => {
  synth = synthesize();
  const server = synth.stack.server;
  functions = [
    ...(Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]).map(
      ([name, spec]) => [name, server.functions[name], spec] as [string, IFunction, FunctionSpec],
    ),
    ['rotateKeys', server.keyRotation.rotation.function, ROTATION_FUNCTION],
  ];
});

/** Every statement of the inline policies attached to a function's role. */
function statementsOf(fn: IFunction): Json[] {
  const roleId = synth.logicalId(fn.role!);
  return Object.values(synth.resources)
    .filter((r: Json) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: Json) => role.Ref === roleId))
    .flatMap((r: Json) => r.Properties.PolicyDocument.Statement);
}

const actionsOf = (statement: Json): string[] => [statement.Action].flat();
const tableArn = () => ({ 'Fn::GetAtt': [synth.logicalId(synth.stack.server.table.table), 'Arn'] });

describe('the table', () => {
  it('is keyed by pk/sk, expires items by the TTL attribute, bills on demand and keeps point-in-time backups', () => {
    synth.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('is retained when the stack is deleted', () => {
    synth.template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has exactly the global secondary indexes of the storage schema', () => {
    const table = Object.values(synth.resources).find((r: Json) => r.Type === 'AWS::DynamoDB::Table') as Json;
    const indexes = table.Properties.GlobalSecondaryIndexes.map((index: Json) => ({
      indexName: index.IndexName,
      partitionKey: index.KeySchema[0].AttributeName,
      sortKey: index.KeySchema[1].AttributeName,
    }));
    expect(indexes).toEqual(TABLE_SCHEMA.indexes);
  });
});

describe('the HTTP API', () => {
  it('routes every entry of ROUTES (and the preflights of the OAuth JSON endpoints) to the function it names, and nothing else', () => {
    const routes = Object.values(synth.resources).filter((r: Json) => r.Type === 'AWS::ApiGatewayV2::Route');
    const all = [...ROUTES, ...PREFLIGHT_ROUTES];
    expect(routes.map((r: Json) => r.Properties.RouteKey).sort()).toEqual(all.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of all) {
      const found = routes.find((r: Json) => r.Properties.RouteKey === `${route.method} ${route.path}`) as Json;
      const integrationId = found.Properties.Target['Fn::Join'][1][1].Ref;
      const uri = synth.resources[integrationId].Properties.IntegrationUri;
      expect(uri).toEqual({ 'Fn::GetAtt': [synth.logicalId(synth.stack.server.functions[route.function]), 'Arn'] });
    }
  });

  it('throttles the stage and writes a JSON access log line per request', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
  });

  it('has no dependency cycle between the issuer, the functions and the routes', () => {
    expect(findCycle(synth.resources)).toBeUndefined();
  });
});

describe('the functions', () => {
  it('run nodejs22.x on arm64 with JSON logs, a 10 s timeout, and more memory where argon2 hashes', () => {
    for (const [, fn, spec] of functions) {
      const props = synth.resources[synth.logicalId(fn)].Properties;
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: 10,
        MemorySize: spec.hashes ? 1024 : 512,
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
  });

  it('read the table, the KMS key and the issuer from their environment', () => {
    const server = synth.stack.server;
    for (const [, fn] of functions) {
      const env = synth.resources[synth.logicalId(fn)].Properties.Environment.Variables;
      expect(env[ENV.keyProtector]).toBe('kms');
      expect(env[ENV.kmsKeyId]).toEqual({ 'Fn::GetAtt': [synth.logicalId(server.signingKeyProtection), 'Arn'] });
      expect(env[ENV.tableName]).toEqual({ Ref: synth.logicalId(server.table.table) });
      expect(env[ENV.issuer]).toEqual(synth.stack.resolve(server.issuer));
      expect(env[ENV.accessTokenTtl]).toBe('3600');
      expect(env[ENV.clientCacheSeconds]).toBe('5'); // tokenLifetimes.clientCache, SPEC §6's default
    }
  });

  it('start with the environment the stack gives them, sealing keys with KMS', () => {
    const api = synth.logicalId(synth.stack.server.httpApi.api);
    const deployed = { [`${api}.ApiEndpoint`]: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com' };
    for (const [name, fn] of functions) {
      const env = synth.resources[synth.logicalId(fn)].Properties.Environment.Variables;
      const container = createContainer(loadConfig(resolveIntrinsics(env, deployed, (ref) => `made-up-${ref}`)));
      expect(container.protector, name).toBeInstanceOf(KmsKeyProtector);
    }
  });

  it('are each allowed exactly the DynamoDB actions of their entry, on the table and only the indexes they list', () => {
    for (const [name, fn, spec] of functions) {
      const dynamo = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      const onTable = dynamo.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(tableArn()));
      const onIndexes = dynamo.filter((s) => !onTable.includes(s));
      expect(onTable.flatMap(actionsOf).sort(), name).toEqual([...spec.dynamodb].sort());
      expect(onIndexes.flatMap(actionsOf), name).toEqual(spec.indexes.length > 0 ? ['dynamodb:Query'] : []);
      const indexArns = onIndexes.flatMap((s) => [s.Resource].flat());
      expect(indexArns, name).toEqual(spec.indexes.map((index) => ({ 'Fn::Join': ['', [tableArn(), `/index/${index}`]] })));
    }
  });

  it('may use the KMS key only to sign (decrypt) or to stage keys, under the signing-key encryption context', () => {
    const keyArn = { 'Fn::GetAtt': [synth.logicalId(synth.stack.server.signingKeyProtection), 'Arn'] };
    for (const [name, fn, spec] of functions) {
      const kms = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
      const expected = spec.signs ? ['kms:Decrypt', 'kms:GenerateDataKey'] : name === 'rotateKeys' ? ['kms:GenerateDataKey'] : [];
      expect(kms.flatMap(actionsOf).sort(), name).toEqual(expected);
      for (const statement of kms) {
        expect(statement.Resource).toEqual(keyArn);
        expect(statement.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'connect-signing-key' } });
      }
    }
  });

  it('write only to their own log group, through roles without managed policies', () => {
    for (const [name, fn] of functions) {
      const logs = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
      const logGroupId = synth.resources[synth.logicalId(fn)].Properties.LoggingConfig.LogGroup.Ref;
      expect(logs, name).toEqual([
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
      ]);
      expect(synth.resources[synth.logicalId(fn.role!)].Properties.ManagedPolicyArns, name).toBeUndefined();
    }
  });

  it('have no policy statement with a wildcard action or resource', () => {
    const policies = Object.values(synth.resources).filter((r: Json) => r.Type === 'AWS::IAM::Policy');
    for (const statement of policies.flatMap((p: Json) => p.Properties.PolicyDocument.Statement)) {
      expect(actionsOf(statement).filter((a) => a.includes('*'))).toEqual([]);
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
  });
});

describe('keys and operations', () => {
  it('protects the signing keys with a KMS key that rotates itself and is retained', () => {
    synth.template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  it('stages a new signing key every 90 days through the rotation function', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(90 days)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [synth.logicalId(synth.stack.server.keyRotation.rotation.function), 'Arn'] } })],
    });
  });

  it('alarms on the 5xx rate, on every function error and throttle, and on table throttling', () => {
    const alarms = Object.values(synth.resources).filter((r: Json) => r.Type === 'AWS::CloudWatch::Alarm') as Json[];
    const metricNames = alarms.flatMap((a) =>
      a.Properties.MetricName ? [a.Properties.MetricName] : a.Properties.Metrics.flatMap((m: Json) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])),
    );
    expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(functions.length);
    expect(metricNames.filter((m) => m === 'Throttles')).toHaveLength(functions.length);
    expect(metricNames).toEqual(expect.arrayContaining(['5xx', 'Count', 'ReadThrottleEvents', 'WriteThrottleEvents']));
    const rate = alarms.find((a) => a.Properties.Metrics?.some((m: Json) => m.Expression?.includes('100 * errors / requests')));
    expect(rate?.Properties).toMatchObject({ Threshold: 1, EvaluationPeriods: 2, TreatMissingData: 'notBreaching' });
  });

  it('outputs the issuer URL, the JWKS URL and the table name', () => {
    const outputs = synth.template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['IssuerUrl', 'JwksUrl', 'TableName', 'Region', 'CliEnvironment']));
    expect(outputs.TableName!.Value).toEqual({ Ref: synth.logicalId(synth.stack.server.table.table) });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing left unacknowledged, error or warning', () => {
    expect(openNagFindings(synth)).toEqual([]);
  });

  it('has a reason sentence for every acknowledged rule', () => {
    const acknowledged = acknowledgedRules(synth);
    expect(acknowledged.map(([id]) => id).sort()).toEqual(['AwsSolutions-L1', ...[...ROUTES, ...PREFLIGHT_ROUTES].map(() => 'AwsSolutions-APIG4')].sort());
    for (const [id, reason] of acknowledged) expect(reason, id).toMatch(/^[A-Z].{40,}[.]$/);
  });
});

describe('cross-origin access', () => {
  it('answers preflights only on the OAuth JSON endpoints, through their own functions, as the local server does', () => {
    // No API-wide CORS: it would answer OPTIONS on the pages and the management API too.
    const api = Object.values(synth.resources).find((r: Json) => r.Type === 'AWS::ApiGatewayV2::Api') as Json;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
    const options = Object.values(synth.resources)
      .filter((r: Json) => r.Type === 'AWS::ApiGatewayV2::Route' && String(r.Properties.RouteKey).startsWith('OPTIONS '))
      .map((r: Json) => r.Properties.RouteKey)
      .sort();
    expect(options).toEqual(PREFLIGHT_ROUTES.map((r) => `OPTIONS ${r.path}`).sort());
    expect(options).toContain('OPTIONS /oauth/token');
    expect(options).not.toContain('OPTIONS /oauth/clients');
  });
});
