import type { BatchReader, ReadResults, Reads } from '../../functions/oauth/ports.js';

type Item = Record<string, unknown>;

/**
 * An in-memory adapter of the batch read port (oauth/ports.ts `BatchReader`), held to the
 * DynamoDB one by test/contract/batch-reader.contract.test.ts. It lives in test/support, not
 * functions/: nothing shipped uses it, so it stays out of the Lambda bundles and the layer
 * rules, and a test may reach into its items. Because a read descriptor carries its own key
 * and `fromItem`, the adapter knows no entity: a new one needs nothing here.
 */
export class MemoryBatchReader implements BatchReader {
  private readonly items = new Map<string, Item>();
  /** Batches asked for: the DynamoDB adapter's BatchGetItem calls. */
  batches = 0;

  put(item: Item): void {
    this.items.set(`${item.pk}|${item.sk}`, structuredClone(item));
  }

  async load<R extends Reads>(reads: R): Promise<ReadResults<R>> {
    const entries = Object.entries(reads);
    if (entries.length > 0) this.batches++;
    const results: Record<string, unknown> = {};
    // A copy per read, like items unmarshalled from a response: no caller shares state with the store.
    for (const [name, read] of entries) {
      const item = this.items.get(`${read.key.pk}|${read.key.sk}`);
      results[name] = read.fromItem(item === undefined ? undefined : structuredClone(item));
    }
    return results as ReadResults<R>;
  }
}
