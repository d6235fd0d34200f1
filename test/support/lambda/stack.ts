import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../../../functions/config.js';
import { createContainer, type Container } from '../../../functions/container.js';
import { keys } from '../../../functions/store/keys.js';
import { ensureTable } from '../../../functions/store/table.js';
import { deploy, type Deployment, type DeployOptions } from './deployment.js';
import { Gateway } from './gateway.js';

export interface RunningStack {
  readonly deployment: Deployment;
  readonly gateway: Gateway;
  /** Where the HTTP API stand-in listens. */
  readonly base: string;
  /** The issuer the template sets (the API's own https URL). */
  readonly issuer: string;
  /** Seeds users, clients and scopes straight into the table, as the CLI does. */
  readonly deps: Container;
  /** The signing keys in the table (sealed), straight from it. */
  signingKeyCount(): Promise<number>;
  stop(): Promise<void>;
}

/** The synthesized stack's functions behind an HTTP API stand-in, on a table of their own. */
export async function startStack(options: DeployOptions): Promise<RunningStack> {
  const deployment = deploy(options);
  const deps = createContainer(
    loadConfig({
      DYNAMODB_ENDPOINT: options.dynamodbLocal,
      TABLE_NAME: deployment.tableName,
      AWS_REGION: 'us-east-1',
      CONNECT_DATA_DIR: mkdtempSync(join(tmpdir(), 'connect-seed-')),
    }),
  );
  await ensureTable(deps.table.doc, deps.table.tableName);
  const any = Object.values(deployment.functions)[0]!;
  const issuer = any.environment.ISSUER!;
  const gateway = new Gateway(deployment.functions, new URL(issuer).host);
  const base = await gateway.start();
  return {
    deployment,
    gateway,
    base,
    issuer,
    deps,
    async signingKeyCount() {
      const out = await deps.table.doc.send(
        new QueryCommand({
          TableName: deployment.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.signingKeyPartition, ':prefix': 'KEY#' },
          ConsistentRead: true,
        }),
      );
      return out.Items?.length ?? 0;
    },
    async stop() {
      await gateway.stop();
      await deployment.stop();
    },
  };
}
