type Input = Record<string, any>;

interface Stack {
  add(middleware: unknown, options: Record<string, unknown>): void;
  remove(name: string): boolean;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** One DynamoDB read: its operation and the items it asked for by key (`pk|sk`). */
export interface Read {
  readonly operation: string;
  readonly keys: readonly string[];
}

/**
 * Records every DynamoDB read sent through a (document) client, with the keys it names, so a
 * test can count the reads of one kind of item — e.g. client records — exactly, with no timing.
 */
export class ReadRecorder {
  private reads: Read[] = [];
  private readonly name = `testReadRecorder-${Math.random().toString(36).slice(2)}`;

  attach(client: { middlewareStack: Stack }): this {
    client.middlewareStack.add(
      (next: (args: { input: Input }) => Promise<unknown>, context: { commandName?: string }) =>
        async (args: { input: Input }) => {
          const operation = (context.commandName ?? '').replace(/Command$/, '');
          if (READS.has(operation)) this.reads.push({ operation, keys: keysOf(operation, args.input) });
          return next(args);
        },
      { step: 'initialize', priority: 'high', name: this.name, override: true },
    );
    return this;
  }

  /** The reads since the last take(), and starts afresh. */
  take(): Read[] {
    const taken = this.reads;
    this.reads = [];
    return taken;
  }
}

function keysOf(operation: string, input: Input): string[] {
  const key = (k: Input) => `${k.pk}|${k.sk}`;
  if (operation === 'GetItem') return [key(input.Key)];
  if (operation === 'BatchGetItem') {
    return Object.values((input.RequestItems ?? {}) as Record<string, { Keys: Input[] }>).flatMap((r) => r.Keys.map(key));
  }
  if (operation === 'TransactGetItems') return (input.TransactItems as { Get: { Key: Input } }[]).map((t) => key(t.Get.Key));
  return [];
}

/** How many client records `reads` asked for (store/keys.ts: `CLIENT#<id>|CLIENT`). */
export function clientReads(reads: readonly Read[], clientId?: string): number {
  return reads
    .flatMap((r) => r.keys)
    .filter((k) => (clientId === undefined ? /^CLIENT#.*\|CLIENT$/.test(k) : k === `CLIENT#${clientId}|CLIENT`)).length;
}
