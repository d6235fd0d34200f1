import type { Container } from '../container.js';
import { ensureTable } from '../store/table.js';

/** The local store's first-run set-up: the table, and a signing key when there is none. */
export async function bootstrapLocalStore(deps: Container): Promise<{ createdTable: boolean }> {
  const createdTable = await ensureTable(deps.table.doc, deps.table.tableName);
  await deps.keys.signer(); // creates the first key on an empty table
  return { createdTable };
}
