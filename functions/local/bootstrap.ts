import type { Container } from '../container.js';
import { ensureTable } from '../store/table.js';

/**
 * The local store's set-up at every start: the table and a signing key when there are none,
 * and the issuer this server runs under (SPEC §6), so that `npm run connect -- token:create`
 * mints tokens for it whatever PORT it listens on.
 */
export async function bootstrapLocalStore(deps: Container): Promise<{ createdTable: boolean }> {
  const createdTable = await ensureTable(deps.table.doc, deps.table.tableName);
  await deps.keys.signer(); // creates the first key on an empty table
  if (deps.config.issuer) await deps.issuers.record(deps.config.issuer);
  return { createdTable };
}
