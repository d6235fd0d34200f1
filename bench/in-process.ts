import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../functions/routes.js';
import { lambdaContext, toEvent } from './calls.js';
import type { DynamoMeter, MeterReading } from './meter.js';
import type { Scenario } from './scenarios.js';
import { percentile, type Percentiles } from './stats.js';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<{ statusCode?: number; body?: string }>;

const ROOT = resolve(import.meta.dirname, '..');
const loaded = new Map<FunctionName, Promise<Handler>>();

/** The function's Lambda handler, imported once into this process (its "container"). */
export function handlerOf(fn: FunctionName): Promise<Handler> {
  let handler = loaded.get(fn);
  if (!handler) {
    handler = import(pathToFileURL(resolve(ROOT, FUNCTIONS[fn].entry)).href).then((m: { handler: Handler }) => m.handler);
    loaded.set(fn, handler);
  }
  return handler;
}

export interface InProcessResult {
  /** DynamoDB operations of a typical warm call, e.g. ['BatchGetItem', 'TransactWriteItems']. */
  readonly operations: readonly string[];
  /**
   * Requests per warm call: the typical (most frequent) count, and the range seen. A call that
   * happens to find the container's key set 10 s old re-reads it: one Query more, every 10 s.
   */
  readonly requests: { readonly typical: number; readonly min: number; readonly max: number };
  /** Capacity units of a typical call by DynamoDB's rules, and as DynamoDB Local reported them. */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly reportedUnits: number;
  readonly latencyMs: Percentiles;
  /** Handler time minus the time a DynamoDB call was in flight: the handler's own CPU and waits. */
  readonly ownMs: Percentiles;
  readonly calls: number;
}

/**
 * Calls the handler directly with API Gateway v2 events, one after another, after some
 * warm-up calls (the first loads keys and verifies the client's secret once).
 */
export async function runInProcess(scenario: Scenario, meter: DynamoMeter, iterations: number): Promise<InProcessResult> {
  const handler = await handlerOf(scenario.fn);
  // Warms the handler's container and DynamoDB Local's JIT alike.
  const warmup = Math.max(3, Math.ceil(iterations / 4));
  await scenario.prepare(iterations + warmup);
  for (let i = 0; i < warmup; i++) await invoke(handler, scenario);
  meter.take();

  const wall: number[] = [];
  const own: number[] = [];
  const readings: MeterReading[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await invoke(handler, scenario);
    const ms = performance.now() - started;
    const reading = meter.take();
    wall.push(ms);
    own.push(Math.max(0, ms - reading.storeMs));
    readings.push(reading);
  }
  const counts = readings.map((r) => r.calls.length);
  const typical = mostFrequent(counts);
  const usual = readings.filter((r) => r.calls.length === typical);
  const mean = (pick: (r: MeterReading) => number) => usual.reduce((s, r) => s + pick(r), 0) / usual.length;
  const units = (r: MeterReading, kind: 'read' | 'write') =>
    r.calls.filter((c) => c.kind === kind).reduce((s, c) => s + c.awsCapacity, 0);
  return {
    operations: usual[0]?.calls.map((c) => c.operation) ?? [],
    requests: { typical, min: Math.min(...counts), max: Math.max(...counts) },
    readUnits: mean((r) => units(r, 'read')),
    writeUnits: mean((r) => units(r, 'write')),
    reportedUnits: mean((r) => r.calls.reduce((s, c) => s + c.capacity, 0)),
    latencyMs: percentile(wall),
    ownMs: percentile(own),
    calls: iterations,
  };
}

function mostFrequent(values: readonly number[]): number {
  const seen = new Map<number, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  return [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

async function invoke(handler: Handler, scenario: Scenario): Promise<void> {
  const call = scenario.next();
  if (!call) throw new Error(`${scenario.label}: ran out of single-use credentials`);
  const response = await handler(toEvent(call), lambdaContext());
  const status = response.statusCode ?? 200;
  if (status !== 200) throw new Error(`${scenario.label}: the handler answered ${status} ${response.body ?? ''}`);
  scenario.onResponse?.(status, response.body ?? '');
}
