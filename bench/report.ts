import type { FunctionName } from '../functions/routes.js';
import type { ColdResult } from './cold.js';
import type { HttpResult } from './http-load.js';
import type { InProcessResult } from './in-process.js';
import { markdownTable, textTable, type Column } from './table.js';

/** The benchmark's two tables: one row per endpoint or grant, and one per Lambda function. */

export interface Row {
  readonly id: string;
  readonly label: string;
  readonly function: FunctionName;
  readonly floor: number;
  readonly warm: InProcessResult;
  readonly coldOperations: readonly string[];
  readonly http: HttpResult;
  readonly bundleBytes: number;
  readonly cold: { readonly bundled: ColdResult; readonly external: ColdResult };
}

export interface FunctionRow {
  readonly function: FunctionName;
  readonly bundledBytes: number;
  readonly externalBytes: number;
  readonly nativeBytes: number;
  readonly bundled: ColdResult;
  readonly external: ColdResult;
  /** Which SDK mode started faster (median process start → first response, or → init). */
  readonly faster: 'bundled' | 'external';
}

const kB = (bytes: number) => bytes / 1024;
const units = (r: Row) => `${fmt(r.warm.readUnits)} / ${fmt(r.warm.writeUnits)}`;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const requests = (r: Row) => r.warm.requests.typical;

const ROW_COLUMNS: Column<Row>[] = [
  { title: 'endpoint', value: (r) => r.label },
  { title: 'function', value: (r) => r.function },
  { title: 'DDB warm', value: requests, right: true },
  { title: 'floor', value: (r) => r.floor, right: true },
  { title: 'DDB cold', value: (r) => r.coldOperations.length, right: true },
  { title: 'RCU / WCU', value: units, right: true },
  { title: 'p50 ms', value: (r) => r.warm.latencyMs.p50, right: true },
  { title: 'p99 ms', value: (r) => r.warm.latencyMs.p99, right: true },
  { title: 'p50 −store', value: (r) => r.warm.ownMs.p50, right: true },
  { title: 'p99 −store', value: (r) => r.warm.ownMs.p99, right: true },
  { title: 'HTTP req/s', value: (r) => Math.round(r.http.requestsPerSecond), right: true },
  { title: 'HTTP p50', value: (r) => r.http.latencyP50Ms, right: true },
  { title: 'HTTP p99', value: (r) => r.http.latencyP99Ms, right: true },
  { title: 'bundle kB', value: (r) => Math.round(kB(r.bundleBytes)), right: true },
  { title: 'init ms', value: (r) => r.cold.bundled.initMs, right: true },
  { title: 'init ms ext', value: (r) => r.cold.external.initMs, right: true },
  { title: 'cold call ms', value: (r) => r.cold.bundled.totalMs, right: true },
];

const FUNCTION_COLUMNS: Column<FunctionRow>[] = [
  { title: 'function', value: (f) => f.function },
  { title: 'kB (SDK bundled)', value: (f) => Math.round(kB(f.bundledBytes)), right: true },
  { title: 'kB (SDK external)', value: (f) => Math.round(kB(f.externalBytes)), right: true },
  { title: 'argon2 addon kB', value: (f) => (f.nativeBytes ? Math.round(kB(f.nativeBytes)) : '–'), right: true },
  { title: 'init bundled', value: (f) => f.bundled.initMs, right: true },
  { title: 'init external', value: (f) => f.external.initMs, right: true },
  { title: 'cold call bundled', value: (f) => (f.bundled.requestMs > 0.5 ? f.bundled.totalMs : undefined), right: true },
  { title: 'cold call external', value: (f) => (f.external.requestMs > 0.5 ? f.external.totalMs : undefined), right: true },
  { title: 'net at init', value: (f) => Math.max(f.bundled.initConnections, f.external.initConnections), right: true },
  { title: 'faster', value: (f) => f.faster },
];

export function print(
  rows: Row[],
  functions: FunctionRow[],
  run: { mode: string; connections: number; machine: { cpus: number; cpu: string; node: string; loadAverage: number[] } },
  markdown: boolean,
): void {
  const { mode: modeName, connections, machine } = run;
  const render = markdown ? markdownTable : textTable;
  const out: string[] = [
    `Connect benchmark (${modeName}): ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, load ${machine.loadAverage.join(' → ')}, ` +
      `DynamoDB Local; HTTP at ${connections} connections`,
    '',
    render(ROW_COLUMNS, rows),
    '',
    render(FUNCTION_COLUMNS, functions),
  ];
  const notes = rows
    .filter((r) => r.warm.requests.typical > r.floor)
    .map((r) => `note: ${r.label} makes ${r.warm.operations.join(' + ')} (floor ${r.floor}): see docs/performance.md, "Round trips"`);
  const failures = rows.filter((r) => r.http.failures > 0);
  for (const r of failures) notes.push(`warning: ${r.label}: ${r.http.failures} HTTP failures${r.http.stoppedEarly ? ' (ran out of single-use credentials)' : ''}`);
  process.stdout.write(out.concat(notes.length ? ['', ...notes] : []).join('\n') + '\n');
}
