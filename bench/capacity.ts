import { TABLE_SCHEMA } from '../functions/store/schema.js';

/**
 * Capacity units by DynamoDB's documented rules ("DynamoDB read and write operations" and
 * "Item sizes", Developer Guide), computed from the items a call reads and writes, because
 * DynamoDB Local's own figures are unreliable: it charges nothing for absent items and
 * reports one flat figure for a TransactWriteItems whatever it writes.
 *
 * - reads: per item, size rounded up to 4 KB (BatchGetItem, GetItem; an absent item costs as
 *   one of up to 4 KB) or the total rounded up (Query, at least one unit); eventually consistent
 *   reads cost half, transactional ones twice;
 * - writes: per item, the larger of its size before and after, rounded up to 1 KB; twice in a
 *   transaction, a ConditionCheck included; plus one write per GSI the item is in (projection
 *   ALL: the item's size), not doubled.
 *
 * An update's "before" comes from the items this model has seen read or written: in a token
 * request the batch read always precedes the write, so the sizes are known.
 */

type Item = Record<string, unknown>;
type Input = Record<string, any>;
type Output = Record<string, any>;

const KB = 1024;
const { partitionKey: PK, sortKey: SK } = TABLE_SCHEMA;

/** Bytes of one attribute value. */
function valueSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    // 1 byte per two significant digits, plus 1 (leading and trailing zeros trimmed).
    const digits = String(value).replace(/^-/, '').replace('.', '').replace(/e.*$/i, '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + valueSize(v) + 1, 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value as Item).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + valueSize(v) + 1, 0);
  }
  return 0;
}

/** Bytes of an item: each attribute's name plus its value. */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

const keyOf = (key: Item) => `${String(key[PK])}|${String(key[SK])}`;
const readUnits = (bytes: number, consistent: unknown) => Math.ceil(Math.max(bytes, 1) / (4 * KB)) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.ceil(Math.max(bytes, 1) / KB);

/** The item after an UpdateExpression of SET (plain values, if_not_exists) and ADD (sets, numbers). */
function applyUpdate(before: Item, input: Input): Item {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const after: Item = structuredClone(before);
  const name = (token: string) => names[token] ?? token;
  const expression = String(input.UpdateExpression ?? '');
  const clauses = expression.split(/\b(SET|ADD|REMOVE|DELETE)\b/i).map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < clauses.length; i += 2) {
    const verb = clauses[i]!.toUpperCase();
    for (const part of (clauses[i + 1] ?? '').split(/,(?![^(]*\))/).map((s) => s.trim()).filter(Boolean)) {
      if (verb === 'SET') {
        const [path, operand] = part.split('=').map((s) => s.trim()) as [string, string];
        const segments = path.split('.').map(name);
        const fallback = /^if_not_exists\(\s*[^,]+,\s*(:\w+)\s*\)$/.exec(operand);
        const existing = segments.reduce<unknown>((at, s) => (at as Item | undefined)?.[s], after);
        const value = fallback ? (existing ?? values[fallback[1]!]) : values[operand];
        let target = after;
        for (const segment of segments.slice(0, -1)) target = (target[segment] ??= {}) as Item;
        target[segments[segments.length - 1]!] = value;
      } else if (verb === 'ADD') {
        const [path, operand] = part.split(/\s+/) as [string, string];
        const current = after[name(path)];
        const added = values[operand];
        after[name(path)] =
          added instanceof Set ? new Set([...((current as Set<unknown>) ?? []), ...added]) : Number(current ?? 0) + Number(added);
      } else if (verb === 'REMOVE') {
        delete after[name(part)];
      }
    }
  }
  return after;
}

export class CapacityModel {
  private readonly known = new Map<string, Item>();

  /** Read or write units of one successful call. */
  units(operation: string, input: Input, output: Output): number {
    switch (operation) {
      case 'GetItem':
        this.remember(output.Item);
        return readUnits(itemSize(output.Item), input.ConsistentRead);
      case 'BatchGetItem':
        return this.batchGet(input, output);
      case 'Query':
      case 'Scan': {
        const items = (output.Items ?? []) as Item[];
        if (!input.IndexName) items.forEach((item) => this.remember(item));
        const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
        return readUnits(bytes, input.IndexName ? false : input.ConsistentRead);
      }
      case 'PutItem':
        return this.put(input.Item, false);
      case 'UpdateItem':
        return this.update(input, false);
      case 'DeleteItem':
        return this.remove(input.Key, false);
      case 'BatchWriteItem':
        return Object.values((input.RequestItems ?? {}) as Record<string, Input[]>)
          .flat()
          .reduce((sum, r) => sum + (r.PutRequest ? this.put(r.PutRequest.Item, false) : this.remove(r.DeleteRequest.Key, false)), 0);
      case 'TransactWriteItems':
        return ((input.TransactItems ?? []) as Input[]).reduce((sum, t) => {
          if (t.Put) return sum + this.put(t.Put.Item, true);
          if (t.Update) return sum + this.update(t.Update, true);
          if (t.Delete) return sum + this.remove(t.Delete.Key, true);
          return sum + 2 * writeUnits(itemSize(this.known.get(keyOf(t.ConditionCheck.Key)) ?? t.ConditionCheck.Key));
        }, 0);
      default:
        return 0;
    }
  }

  private batchGet(input: Input, output: Output): number {
    let units = 0;
    for (const [table, request] of Object.entries((input.RequestItems ?? {}) as Record<string, Input>)) {
      const found = new Map(((output.Responses?.[table] ?? []) as Item[]).map((item) => [keyOf(item), item]));
      const unprocessed = new Set(((output.UnprocessedKeys?.[table]?.Keys ?? []) as Item[]).map(keyOf));
      for (const key of (request.Keys ?? []) as Item[]) {
        if (unprocessed.has(keyOf(key))) continue;
        const item = found.get(keyOf(key));
        this.remember(item);
        units += readUnits(itemSize(item), request.ConsistentRead);
      }
    }
    return units;
  }

  private put(item: Item, transactional: boolean): number {
    const before = this.known.get(keyOf(item));
    this.remember(item);
    return this.written(before, item, transactional);
  }

  private update(input: Input, transactional: boolean): number {
    const key = input.Key as Item;
    const before = this.known.get(keyOf(key));
    const after = applyUpdate(before ?? key, input);
    this.remember(after);
    return this.written(before, after, transactional);
  }

  private remove(key: Item, transactional: boolean): number {
    const before = this.known.get(keyOf(key));
    this.known.delete(keyOf(key));
    return this.written(before, undefined, transactional);
  }

  private written(before: Item | undefined, after: Item | undefined, transactional: boolean): number {
    const table = writeUnits(Math.max(itemSize(before), itemSize(after))) * (transactional ? 2 : 1);
    let indexes = 0;
    for (const index of TABLE_SCHEMA.indexes) {
      const keyIn = (item: Item | undefined) =>
        item && item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined
          ? `${String(item[index.partitionKey])}|${String(item[index.sortKey])}`
          : undefined;
      const [was, is] = [keyIn(before), keyIn(after)];
      if (was !== undefined && was !== is) indexes += writeUnits(itemSize(before)); // index entry deleted
      if (is !== undefined) indexes += writeUnits(itemSize(after)); // index entry written
    }
    return table + indexes;
  }

  private remember(item: Item | undefined): void {
    if (!item) return;
    if (this.known.size >= 50_000) this.known.delete(this.known.keys().next().value!);
    this.known.set(keyOf(item), item);
  }
}
