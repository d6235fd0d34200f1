import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig } from '../../functions/config.js';
import { createContainer, type Container } from '../../functions/container.js';
import { ensureTable } from '../../functions/store/table.js';

/**
 * The environment of a test file: DynamoDB Local from the global setup, a table of the file's
 * own, and a key-encryption key in a temporary directory. Written into process.env so that
 * handlers, which read their configuration from the environment, see the same store.
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const env = {
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    TABLE_NAME: `test-${randomUUID().slice(0, 8)}`,
    AWS_REGION: 'us-east-1',
    CONNECT_DATA_DIR: mkdtempSync(join(tmpdir(), 'connect-test-')),
    ...overrides,
  };
  Object.assign(process.env, env);
  return env;
}

/** A container on a fresh table of this file's own. */
export async function testContainer(overrides: Record<string, string> = {}): Promise<Container> {
  const env = testEnv(overrides);
  const deps = createContainer(loadConfig({ ...process.env, ...env }));
  await ensureTable(deps.table.doc, deps.table.tableName);
  return deps;
}
