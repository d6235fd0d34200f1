import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * Starts DynamoDB Local once for the whole run (in memory) and stops it afterwards. Every
 * temporary folder the tests make (data folders, synthesized stacks, copied bundles) goes
 * under one folder of this run, removed at the end, so runs leave nothing behind in /tmp.
 */
export default async function setup(project: TestProject) {
  const runDir = mkdtempSync(join(tmpdir(), 'connect-run-'));
  process.env.TMPDIR = runDir; // os.tmpdir() of this process and of the test workers it forks
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
    rmSync(runDir, { recursive: true, force: true });
  };
}
