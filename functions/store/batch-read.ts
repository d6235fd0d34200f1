import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchReader, ReadResults, Reads } from '../oauth/ports.js';
import type { TableRef } from './dynamo.js';
import type { Key } from './keys.js';

type Item = Record<string, unknown>;

/** Reads many items in one BatchGetItem, strongly consistent, retrying unprocessed keys. */
export async function batchGet(table: TableRef, wanted: Key[]): Promise<Map<string, Item>> {
  const unique = new Map(wanted.map((k) => [`${k.pk}|${k.sk}`, k]));
  const found = new Map<string, Item>();
  let pending: Record<string, unknown>[] = [...unique.values()].map((k) => ({ pk: k.pk, sk: k.sk }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** attempt));
    if (attempt > 5) throw new Error('BatchGetItem left keys unprocessed after retries');
    const out = await table.doc.send(
      new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of out.Responses?.[table.tableName] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = (out.UnprocessedKeys?.[table.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return found;
}

/**
 * The batch read port on DynamoDB (DESIGN rule 11): the descriptors' keys in one
 * BatchGetItem (none when there is nothing to read), each item read back by its own
 * descriptor and returned under the name the request gave it. A descriptor without a key
 * (a value the container holds already) reads nothing.
 */
export class DynamoBatchReader implements BatchReader {
  constructor(private readonly table: TableRef) {}

  async load<R extends Reads>(reads: R): Promise<ReadResults<R>> {
    const wanted = Object.values(reads).flatMap((read) => (read.key ? [read.key] : []));
    const items = wanted.length > 0 ? await batchGet(this.table, wanted) : new Map<string, Item>();
    const results: Record<string, unknown> = {};
    for (const [name, read] of Object.entries(reads)) results[name] = read.fromItem(read.key && items.get(`${read.key.pk}|${read.key.sk}`));
    return results as ReadResults<R>;
  }
}
