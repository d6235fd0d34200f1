/**
 * `npm run bench`: per endpoint and grant, DynamoDB round trips (warm and cold) and capacity,
 * in-process handler latency against DynamoDB Local (with and without the store's share),
 * HTTP throughput with autocannon on 127.0.0.1, and each function's bundle size and cold start
 * (SDK bundled, as deployed, and left to the Lambda runtime). Starts and stops its own
 * DynamoDB Local. docs/performance.md says what each column means.
 *
 *   npm run bench                 full run (a few minutes)
 *   npm run bench -- --quick      every row, briefly (under two minutes)
 *   npm run bench -- --smoke      every row, minimal samples (the test suite runs this)
 *   --out FILE                    where the JSON goes (default bench/results.json)
 *   --markdown                    print the tables as Markdown
 *   --connections N               HTTP concurrency (default 8)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../functions/config.js';
import { container, createContainer } from '../functions/container.js';
import { ClientCache } from '../functions/oauth/clients/cache.js';
import { tokenService } from '../functions/token-service.js';
import { startDynamoDbLocal } from '../functions/local/dynamodb-local.js';
import { FUNCTIONS, type FunctionName } from '../functions/routes.js';
import { buildBundles, type Bundle } from './bundle.js';
import { ISSUER, toEvent } from './calls.js';
import { coldStarts, type ColdResult } from './cold.js';
import { DynamoProxy } from './dynamo-proxy.js';
import { createWorld } from './fixtures.js';
import { load, startServer, type HttpResult } from './http-load.js';
import { runInProcess, type InProcessResult } from './in-process.js';
import { DynamoMeter } from './meter.js';
import { scenarios, type Scenario } from './scenarios.js';
import { print, type FunctionRow, type Row } from './report.js';

const MODES = {
  full: { iterations: 300, httpSeconds: 10, coldRuns: 7 },
  quick: { iterations: 40, httpSeconds: 2, coldRuns: 3 },
  smoke: { iterations: 8, httpSeconds: 1, coldRuns: 1 },
} as const;

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const modeName = flag('--smoke') ? 'smoke' : flag('--quick') ? 'quick' : 'full';
const mode = MODES[modeName];
const connections = Number(option('--connections') ?? 8);
const outFile = resolve(option('--out') ?? join(import.meta.dirname, 'results.json'));

const t0 = Date.now();
function progress(message: string): void {
  process.stderr.write(`[bench +${Math.round((Date.now() - t0) / 1000)}s] ${message}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  progress(`${modeName} run: starting DynamoDB Local`);
  const dynamo = await startDynamoDbLocal();
  const scratch = mkdtempSync(join(tmpdir(), 'connect-bench-'));
  const env: Record<string, string> = {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: 'connect-bench',
    AWS_REGION: 'us-east-1',
    CONNECT_DATA_DIR: join(scratch, 'data'),
    ISSUER,
    CONNECT_LOG: 'silent',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  Object.assign(process.env, env);
  try {
    const world = await createWorld(createContainer(loadConfig(process.env)));
    const rows = await scenarios(world);

    progress('bundling every function (esbuild, the stack’s options), SDK bundled and external');
    const bundles = await buildBundles(join(scratch, 'bundles'), Object.keys(FUNCTIONS) as FunctionName[]);
    const bundleOf = (fn: FunctionName, sdk: Bundle['sdk']) => bundles.find((b) => b.fn === fn && b.sdk === sdk)!;

    // The handlers' own container (module singleton), metered from outside.
    const meter = new DynamoMeter().attach(container().table.doc);
    const warm = new Map<string, InProcessResult>();
    for (const scenario of rows) {
      progress(`in-process: ${scenario.label}`);
      warm.set(scenario.id, await withClientCache(scenario, () => runInProcess(scenario, meter, mode.iterations)));
    }

    const http = new Map<string, HttpResult>();
    // One server with the defaults, one more for the rows that set CLIENT_CACHE_SECONDS.
    const servers = new Map<number | undefined, Awaited<ReturnType<typeof startServer>>>();
    try {
      for (const scenario of rows) {
        progress(`HTTP, ${connections} connections, ${mode.httpSeconds} s: ${scenario.label}`);
        const seconds = scenario.clientCacheSeconds;
        if (!servers.has(seconds)) {
          servers.set(seconds, await startServer(seconds === undefined ? env : { ...env, CLIENT_CACHE_SECONDS: String(seconds) }));
        }
        await scenario.prepare(poolFor(scenario, warm.get(scenario.id)!));
        http.set(scenario.id, await load(servers.get(seconds)!, scenario, connections, mode.httpSeconds));
      }
    } finally {
      for (const server of servers.values()) await server.stop();
    }

    const proxy = await new DynamoProxy(dynamo.endpoint).start();
    const cold = new Map<string, Row['cold']>();
    const functionRows: FunctionRow[] = [];
    try {
      for (const scenario of rows) {
        progress(`cold starts ×${mode.coldRuns} per SDK mode: ${scenario.label}`);
        await scenario.prepare(2 * mode.coldRuns + 2);
        const event = () => {
          const call = scenario.next();
          return call && toEvent(call);
        };
        const rowEnv = scenario.clientCacheSeconds === undefined ? env : { ...env, CLIENT_CACHE_SECONDS: String(scenario.clientCacheSeconds) };
        const bundled = await coldStarts(bundleOf(scenario.fn, 'bundled'), rowEnv, proxy, mode.coldRuns, event);
        const external = await coldStarts(bundleOf(scenario.fn, 'external'), rowEnv, proxy, mode.coldRuns, event);
        cold.set(scenario.id, { bundled, external });
      }
      for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
        // A function with a row: its first row's cold starts; any other: init alone.
        const first = rows.find((s) => s.fn === fn);
        const measured = first
          ? cold.get(first.id)!
          : {
              bundled: await coldStarts(bundleOf(fn, 'bundled'), env, proxy, mode.coldRuns),
              external: await coldStarts(bundleOf(fn, 'external'), env, proxy, mode.coldRuns),
            };
        const key = first ? 'totalMs' : 'initMs';
        functionRows.push({
          function: fn,
          bundledBytes: bundleOf(fn, 'bundled').bytes,
          externalBytes: bundleOf(fn, 'external').bytes,
          nativeBytes: bundleOf(fn, 'bundled').nativeBytes,
          ...measured,
          faster: measured.bundled[key] <= measured.external[key] ? 'bundled' : 'external',
        });
      }
    } finally {
      await proxy.stop();
    }

    const table: Row[] = rows.map((s) => ({
      id: s.id,
      label: s.label,
      function: s.fn,
      floor: s.floor,
      warm: warm.get(s.id)!,
      coldOperations: cold.get(s.id)!.bundled.operations,
      http: http.get(s.id)!,
      bundleBytes: bundleOf(s.fn, 'bundled').bytes,
      cold: cold.get(s.id)!,
    }));
    const results = {
      generatedAt: new Date().toISOString(),
      mode: modeName,
      settings: { ...mode, connections },
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        // Other work on the machine skews every time column: the 1-minute load at start and end.
        loadAverage: [loadAtStart, loadavg()[0]!].map((l) => Math.round(l * 10) / 10),
      },
      seconds: Math.round((Date.now() - started) / 1000),
      rows: table,
      functions: functionRows,
    };
    writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
    print(table, functionRows, { mode: modeName, connections, machine: results.machine }, flag('--markdown'));
    progress(`done in ${results.seconds} s; JSON written to ${outFile}`);
  } finally {
    await dynamo.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Runs a row with its own CLIENT_CACHE_SECONDS in this process: the token endpoint's cache is
 * swapped for one with that setting (a fresh one, so the row starts cold like a new
 * container), and the default one is put back afterwards.
 */
async function withClientCache<T>(scenario: Scenario, run: () => Promise<T>): Promise<T> {
  if (scenario.clientCacheSeconds === undefined) return run();
  const service = tokenService() as { clientCache: ClientCache };
  const original = service.clientCache;
  service.clientCache = new ClientCache(scenario.clientCacheSeconds);
  try {
    return await run();
  } finally {
    service.clientCache = original;
  }
}

/** Single-use credentials enough for the HTTP run: a generous estimate from the in-process latency. */
function poolFor(scenario: Scenario, warm: InProcessResult): number {
  // Enough single-use credentials that the HTTP run never runs out: a request waiting on
  // DynamoDB frees the CPU for another, so up to every connection is in flight at once, and the
  // in-process latency measured on a busy machine may be far above what the HTTP run then sees.
  // Running out ends the run with a replayed code per connection, which the bench counts as
  // failures.
  const perSecond = (1000 / Math.max(warm.latencyMs.p50, 0.5)) * connections * 2;
  return Math.ceil(perSecond * mode.httpSeconds) + connections + 10;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
