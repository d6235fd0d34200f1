import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed, when the command ran with --json. */
  readonly json: any;
}

/** Runs the admin CLI as a user would: a child process, its own environment, optional stdin. */
export function runConnect(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/connect.ts', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      done({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** A client as `client:create --json` prints it (the fields the tests use). */
export interface CliClient {
  client_id: string;
  client_secret?: string;
}

/** Runs a CLI command with `--json` and returns its result; a failure fails the caller. */
export async function connectJson(env: Record<string, string>, args: string[], stdin?: string): Promise<any> {
  const result = await runConnect([...args, '--json'], env, stdin);
  if (result.code !== 0) throw new Error(`connect ${args.join(' ')} failed: ${result.stderr}`);
  return result.json;
}

/** The environment the CLI runs with against the tests' DynamoDB Local table; `issuer` for the commands that print URLs. */
export function cliEnv(issuer?: string): Record<string, string> {
  return {
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT!,
    TABLE_NAME: process.env.TABLE_NAME!,
    CONNECT_DATA_DIR: process.env.CONNECT_DATA_DIR!,
    ...(issuer !== undefined ? { ISSUER: issuer } : {}),
  };
}
