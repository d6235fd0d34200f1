/**
 * `npm start`: DynamoDB Local + the very same handlers the Lambda functions run, on
 * http://localhost:3000. Data lives under .connect/ (or nowhere, with --in-memory).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULTS, ENV } from '../functions/config.js';
import { LocalSetupError, startDynamoDbLocal, type RunningDynamoDb } from '../functions/local/dynamodb-local.js';

const { values: flags } = parseArgs({
  options: { 'in-memory': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (flags.help) {
  console.log('Usage: npm start [-- --in-memory]\n  PORT (3000), DYNAMODB_PORT (8000), and the variables in docs/configuration.md.');
  process.exit(0);
}

// The AWS SDK's Node 20 notice says nothing a local user can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const port = Number(process.env.PORT || 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT || 8000);
const dataDir = process.env[ENV.dataDir] || DEFAULTS.dataDir;
let dynamo: RunningDynamoDb | undefined;

async function main(): Promise<void> {
  dynamo = await startDynamoDbLocal({
    port: dynamoPort,
    ...(flags['in-memory'] ? {} : { dataDir: join(dataDir, 'dynamodb') }),
  });
  // The handlers read their configuration from the environment once, as on Lambda.
  process.env[ENV.dynamodbEndpoint] = dynamo.endpoint;
  process.env[ENV.issuer] ||= `http://localhost:${port}`;
  process.env.AWS_REGION ||= DEFAULTS.region;

  const { container } = await import('../functions/container.js');
  const { bootstrapLocalStore } = await import('../functions/local/bootstrap.js');
  const { createLocalServer } = await import('../functions/local/server.js');
  const deps = container();
  const { createdTable } = await bootstrapLocalStore(deps);

  const server = createLocalServer();
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new LocalSetupError(`Port ${port} is in use: set PORT to a free port.`) : error),
    );
    server.listen(port, done);
  });
  const { startBanner } = await import('../functions/local/banner.js');
  console.log(
    startBanner({
      issuer: deps.config.issuer!,
      dynamoEndpoint: dynamo.endpoint,
      dynamoPort,
      tableName: deps.config.tableName,
      dataDir,
      inMemory: flags['in-memory'] === true,
      createdTable,
    }),
  );

  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await dynamo?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(async (error) => {
  await dynamo?.stop();
  const known = error instanceof LocalSetupError || error instanceof ConfigError;
  console.error(`error: ${known ? error.message : `could not start: ${(error as Error).message}`}`);
  process.exit(1);
});
