import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Bundle, SdkMode } from './bundle.js';
import type { DynamoProxy } from './dynamo-proxy.js';
import { median } from './stats.js';

const CHILD = resolve(import.meta.dirname, 'cold-child.mjs');

interface ChildReport {
  readonly bootMs: number;
  readonly initMs: number;
  readonly requestMs: number;
  readonly totalMs: number;
  readonly statusCode?: number;
  readonly connections: { readonly init: number; readonly request: number };
}

export interface ColdResult {
  readonly sdk: SdkMode;
  readonly runs: number;
  /** Medians: importing the bundle (the function's init), the first request, process start to response. */
  readonly initMs: number;
  readonly requestMs: number;
  readonly totalMs: number;
  /** DynamoDB operations of the first request, counted on the wire. */
  readonly operations: readonly string[];
  /** TCP connections opened while importing: must be 0 (no network at init). */
  readonly initConnections: number;
}

/**
 * `runs` cold starts of one bundle, each a fresh Node process (cold-child.mjs) that imports it
 * and serves the event `nextEvent` gives (none: init only). DynamoDB goes through `proxy`.
 */
export async function coldStarts(
  bundle: Bundle,
  env: Record<string, string>,
  proxy: DynamoProxy,
  runs: number,
  nextEvent?: () => APIGatewayProxyEventV2 | undefined,
): Promise<ColdResult> {
  const reports: ChildReport[] = [];
  let operations: string[] = [];
  for (let i = 0; i < runs; i++) {
    const event = nextEvent?.();
    if (nextEvent && !event) throw new Error(`${bundle.fn}: no event left for a cold start`);
    proxy.take();
    const report = await runChild(bundle.file, {
      ...env,
      DYNAMODB_ENDPOINT: proxy.endpoint,
      ...(event ? { CONNECT_BENCH_EVENT: JSON.stringify(event) } : {}),
    });
    operations = proxy.take();
    if (event && report.statusCode !== 200) {
      throw new Error(`${bundle.fn} (${bundle.sdk} SDK): the cold request answered ${report.statusCode}`);
    }
    reports.push(report);
  }
  return {
    sdk: bundle.sdk,
    runs,
    initMs: median(reports.map((r) => r.initMs)),
    requestMs: median(reports.map((r) => r.requestMs)),
    totalMs: median(reports.map((r) => r.totalMs)),
    operations,
    initConnections: Math.max(...reports.map((r) => r.connections.init)),
  };
}

function runChild(bundleFile: string, env: Record<string, string>): Promise<ChildReport> {
  return new Promise((done, fail) => {
    // A clean environment: no NODE_OPTIONS or loaders inherited from whatever started the bench.
    const child = spawn(process.execPath, [CHILD, bundleFile], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        done(JSON.parse(line) as ChildReport);
      } catch (error) {
        fail(new Error(`cold start of ${bundleFile} failed (${(error as Error).message}):\n${stderr.trim() || stdout.trim()}`));
      }
    });
  });
}
