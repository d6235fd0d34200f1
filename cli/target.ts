import { ENV } from '../functions/config.js';

export interface StoreTarget {
  /** Environment for loadConfig: the flags override the variables. */
  readonly env: NodeJS.ProcessEnv;
  /** Set when nothing was given and the local store of `npm start` is assumed. */
  readonly notice?: string;
  readonly local: boolean;
}

/**
 * SPEC §3: `--endpoint` / DYNAMODB_ENDPOINT, `--table` / TABLE_NAME, AWS_REGION. With none of
 * them, the local store of `npm start` — said on stderr, so `--json` output stays clean.
 */
export function resolveTarget(flags: { endpoint?: string; table?: string }, env: NodeJS.ProcessEnv): StoreTarget {
  const merged: NodeJS.ProcessEnv = { ...env };
  if (flags.endpoint) merged[ENV.dynamodbEndpoint] = flags.endpoint;
  if (flags.table) merged[ENV.tableName] = flags.table;
  const givenAnything = !!(merged[ENV.dynamodbEndpoint] || merged[ENV.tableName] || merged[ENV.region]);
  if (givenAnything) return { env: merged, local: !!merged[ENV.dynamodbEndpoint] };
  const endpoint = `http://localhost:${env.DYNAMODB_PORT || 8000}`;
  merged[ENV.dynamodbEndpoint] = endpoint;
  return {
    env: merged,
    local: true,
    notice: `Using the local store of \`npm start\` (DynamoDB Local at ${endpoint}, table connect).`,
  };
}
