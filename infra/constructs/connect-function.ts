import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/routes.js';
import { KMS_ENCRYPTION_CONTEXT } from '../../functions/store/kms-key-protector.js';
import { bundlingFor, PROJECT_ROOT } from './bundling.js';
import type { ConnectTable } from './table.js';

/**
 * Memory buys CPU on Lambda (1,769 MB = one vCPU). argon2id at OWASP's parameters (19 MiB,
 * 2 passes) is pure CPU: at 1,024 MB one verification takes tens of milliseconds, and since
 * cost is memory × time, more memory costs about the same while answering sooner. The other
 * functions wait on DynamoDB; 512 MB keeps their cold start (parsing a ~600 kB bundle) short.
 */
const MEMORY_MB = { hashes: 1024, other: 512 } as const;

/**
 * Well inside API Gateway's 30 s integration limit, so a stuck call ends as a logged Lambda
 * timeout rather than an anonymous 503, yet far above a normal request (DynamoDB is called
 * with 3 attempts at most; a cold start with one KMS Decrypt stays under a second).
 */
const TIMEOUT = Duration.seconds(10);

export interface ConnectFunctionProps {
  readonly spec: FunctionSpec;
  readonly table: ConnectTable;
  readonly environment: Readonly<Record<string, string>>;
  readonly signingKey: IKey;
  /** `decrypt`: signs tokens (and creates the very first key); `encrypt`: stages new keys. */
  readonly keyUse: 'decrypt' | 'encrypt' | 'none';
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /** Concurrency reserved for (and capping) this function. Default: none (the account's pool). */
  readonly reservedConcurrency?: number;
}

/**
 * One Lambda function of Connect: its own role holding only what its FUNCTIONS entry states
 * (no managed policy), its own log group with retention, JSON logs, arm64 and nodejs22.x.
 */
export class ConnectFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ConnectFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Connect ${id}: only the table actions and key use its code performs`,
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this group only.
    this.logGroup.grantWrite(this.role);
    props.table.grantFor(this.role, spec);
    grantKeyUse(this.role, props.signingKey, props.keyUse);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, spec.entry),
      handler: 'handler',
      description: `Connect: ${spec.entry}`,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.hashes ? MEMORY_MB.hashes : MEMORY_MB.other,
      timeout: TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      // Each log line a JSON object with the request id: queryable in Logs Insights.
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      // Stack traces in the logs point at the TypeScript lines (the bundle ships its source map).
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      reservedConcurrentExecutions: props.reservedConcurrency,
      bundling: bundlingFor(spec),
    });
  }
}

function grantKeyUse(role: Role, key: IKey, use: ConnectFunctionProps['keyUse']): void {
  if (use === 'none') return;
  // Signers decrypt their key and, on an empty table, create the first one (GenerateDataKey);
  // the rotation only ever creates. Both only with Connect's encryption context.
  const actions = use === 'decrypt' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:GenerateDataKey'];
  const conditions = Object.fromEntries(
    Object.entries(KMS_ENCRYPTION_CONTEXT).map(([name, value]) => [`kms:EncryptionContext:${name}`, value]),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions, resources: [key.keyArn], conditions: { StringEquals: conditions } }),
  );
}
