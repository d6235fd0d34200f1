import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Call } from './calls.js';
import type { Scenario } from './scenarios.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  setupRequest?: (request: Record<string, unknown>) => Record<string, unknown>;
  onResponse?: (status: number, body: string) => void;
}
interface AutocannonResult {
  readonly duration: number;
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => { stop(): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface HttpResult {
  readonly connections: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly requests: number;
  /** Answers other than 2xx, and connection errors/timeouts: should be 0. */
  readonly failures: number;
  /** Set when a pool of single-use credentials ran dry before the time was up. */
  readonly stoppedEarly: boolean;
}

export interface LocalServer {
  readonly url: string;
  /** The server's own process (for its CPU time, /proc/<pid>/stat). */
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts bench/serve.ts (the `npm start` server), or another script that prints `{"port":N}`
 * once listening (bench/peer-server.ts), in a child process with `env`.
 */
export async function startServer(env: Record<string, string>, script = 'bench/serve.ts'): Promise<LocalServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const port = await new Promise<number>((done, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`the bench server did not start:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (c) => {
      stdout += c;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        done((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => fail(new Error(`the bench server exited (${code}):\n${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function send(url: string, call: Call): Promise<{ status: number; body: string }> {
  const res = await fetch(url + call.path, { method: call.method, headers: call.headers, body: call.body });
  return { status: res.status, body: await res.text() };
}

/**
 * `seconds` of load at a fixed number of connections (autocannon, 127.0.0.1 only), after a
 * few sequential warm-up calls so the server's "container" is warm as on a busy Lambda.
 */
export async function load(server: LocalServer, scenario: Scenario, connections: number, seconds: number): Promise<HttpResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(server.url)) throw new Error('load tests target 127.0.0.1 only');
  for (let i = 0; i < 3; i++) {
    const call = scenario.next();
    if (!call) throw new Error(`${scenario.label}: no call left to warm up with`);
    const res = await send(server.url, call);
    if (res.status !== 200) throw new Error(`${scenario.label}: warm-up answered ${res.status} ${res.body}`);
    scenario.onResponse?.(res.status, res.body);
  }

  let stoppedEarly = false;
  let last: Call | undefined;
  const result = await new Promise<AutocannonResult>((done, fail) => {
    const instance = autocannon(
      {
        url: server.url,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (request) => {
              const call = scenario.next();
              if (!call) {
                // Out of single-use credentials: end the run now; this last request fails.
                if (!stoppedEarly) setImmediate(() => instance.stop());
                stoppedEarly = true;
              }
              last = call ?? last;
              const use = call ?? last!;
              return { ...request, method: use.method, path: use.path, headers: use.headers, body: use.body };
            },
            onResponse: (status, body) => scenario.onResponse?.(status, body),
          } satisfies AutocannonRequest,
        ],
      },
      (error, res) => (error ? fail(error) : done(res)),
    );
  });
  return {
    connections,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    stoppedEarly,
  };
}
