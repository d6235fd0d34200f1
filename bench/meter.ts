/**
 * An AWS SDK middleware that meters DynamoDB: every command sent through a client (its
 * operation, time inside `send`, capacity units), for the benchmark and the round-trip tests.
 * Attached from outside to a client's middleware stack, so production code carries no trace
 * of it. The document client shares its middleware stack with the DynamoDBClient it wraps.
 *
 * Capacity: the middleware asks for `ReturnConsumedCapacity: 'TOTAL'` on data-plane calls
 * (only while metering; production never asks) and keeps what the server reports, but the
 * figure to trust is `awsCapacity`, computed by DynamoDB's documented rules from the items the
 * call reads and writes (capacity.ts): DynamoDB Local's own accounting of absent items and of
 * transactions is wrong.
 */
import { CapacityModel } from './capacity.js';

type Input = Record<string, any>;
type Output = Record<string, any>;

export interface MeteredCall {
  /** The DynamoDB API operation, e.g. `BatchGetItem`. */
  readonly operation: string;
  readonly kind: 'read' | 'write' | 'control';
  /** Time inside `send`, marshalling and retries included. */
  readonly ms: number;
  /** Capacity units as the server reported them (DynamoDB Local: not to be trusted). */
  readonly capacity: number;
  /** Capacity units by DynamoDB's documented rules (read units for reads, write units for writes). */
  readonly awsCapacity: number;
}

export interface MeterReading {
  readonly calls: readonly MeteredCall[];
  /** Wall time with at least one DynamoDB call in flight (parallel calls counted once). */
  readonly storeMs: number;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface Stack {
  add(middleware: unknown, options: Record<string, unknown>): void;
  remove(name: string): boolean;
}

export class DynamoMeter {
  private calls: MeteredCall[] = [];
  private inFlight = 0;
  private busySince = 0;
  private busyMs = 0;
  private readonly model = new CapacityModel();
  readonly name = `connectDynamoMeter-${Math.random().toString(36).slice(2)}`;

  /** Starts metering every command sent through `client` (a DynamoDB or document client). */
  attach(client: { middlewareStack: Stack }): this {
    client.middlewareStack.add(
      (next: (args: { input: Input }) => Promise<{ output: Output }>, context: { commandName?: string }) =>
        async (args: { input: Input }) => this.measure(next, context, args),
      // Outermost: its time covers the whole send, retries included.
      { step: 'initialize', priority: 'high', name: this.name, override: true },
    );
    return this;
  }

  detach(client: { middlewareStack: Stack }): void {
    client.middlewareStack.remove(this.name);
  }

  /** What was metered since the last `take()`, and starts afresh. */
  take(): MeterReading {
    const now = performance.now();
    const reading = { calls: this.calls, storeMs: this.busyMs + (this.inFlight > 0 ? now - this.busySince : 0) };
    this.calls = [];
    this.busyMs = 0;
    if (this.inFlight > 0) this.busySince = now;
    return reading;
  }

  private async measure(
    next: (args: { input: Input }) => Promise<{ output: Output }>,
    context: { commandName?: string },
    args: { input: Input },
  ) {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const kind = READS.has(operation) ? 'read' : WRITES.has(operation) ? 'write' : 'control';
    const input = kind === 'control' ? args.input : { ReturnConsumedCapacity: 'TOTAL', ...args.input };
    const started = performance.now();
    if (this.inFlight++ === 0) this.busySince = started;
    let output: Output | undefined;
    try {
      const result = await next({ ...args, input });
      output = result.output;
      return result;
    } finally {
      const ended = performance.now();
      if (--this.inFlight === 0) this.busyMs += ended - this.busySince;
      const capacity = reportedCapacity(output);
      this.calls.push({
        operation,
        kind,
        ms: ended - started,
        capacity,
        awsCapacity: output && kind !== 'control' ? this.model.units(operation, input, output) : 0,
      });
    }
  }
}

function reportedCapacity(output: Output | undefined): number {
  const consumed = output?.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
  if (!consumed) return 0;
  return (Array.isArray(consumed) ? consumed : [consumed]).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/** `['BatchGetItem', 'TransactWriteItems']`: the operations of a reading, in order. */
export function operations(reading: MeterReading): string[] {
  return reading.calls.map((c) => c.operation);
}
