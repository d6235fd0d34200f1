import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accepts, freePort } from '../../functions/local/dynamodb-local.js';
import { collectOutput } from './child-output.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface DevServer {
  readonly url: string;
  /** What the admin CLI needs to reach the same store. */
  readonly cliEnv: Record<string, string>;
  /** What it printed up to and including its start-up banner. */
  readonly output: string;
  stop(): Promise<void>;
}

/**
 * `npm start` as a user runs it — `npx tsx bin/dev-server.ts --in-memory` — on free ports,
 * with its data directory in a temporary folder. Resolves on the "Connect is running" line.
 * It runs in a process group of its own, so stopping it also stops DynamoDB Local's Java
 * process even if the server could not stop it itself.
 */
export async function startDevServer(env: Record<string, string> = {}): Promise<DevServer> {
  const [port, dynamoPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'connect-browser-'));
  const child = spawn('npx', ['tsx', 'bin/dev-server.ts', '--in-memory'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), CONNECT_DATA_DIR: dataDir, ISSUER: '', CONNECT_LOG: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collectOutput(child);
  await output.until('Connect is running', 'npm start', 90_000);
  // The banner is complete once its last line is in.
  for (let i = 0; i < 50 && !output.text.includes('Press Ctrl-C'); i++) await sleep(100);
  return {
    output: output.text,
    url: `http://localhost:${port}`,
    cliEnv: { DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`, TABLE_NAME: 'connect', CONNECT_DATA_DIR: dataDir, ISSUER: `http://localhost:${port}` },
    stop: () => stopGroup(child, dynamoPort),
  };
}

async function stopGroup(child: ChildProcess, dynamoPort: number): Promise<void> {
  const exited = new Promise<void>((done) => (child.exitCode !== null ? done() : child.once('exit', () => done())));
  signalGroup(child, 'SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  // DynamoDB Local is gone once its port stops answering; if it lingers, it is killed.
  for (let i = 0; i < 50 && (await accepts(dynamoPort)); i++) await sleep(100);
  if (await accepts(dynamoPort)) signalGroup(child, 'SIGKILL');
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


