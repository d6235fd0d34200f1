import { DEFAULTS } from '../config.js';
import { ROUTE } from '../routes.js';

export interface BannerInput {
  readonly issuer: string;
  readonly dynamoEndpoint: string;
  readonly dynamoPort: number;
  readonly tableName: string;
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly createdTable: boolean;
}

/** The DynamoDB port the admin CLI assumes when told nothing (cli/target.ts). */
export const DEFAULT_DYNAMODB_PORT = 8000;

/**
 * What the admin CLI must be told to reach this server's store (SPEC §3): nothing with the
 * defaults; otherwise the variables in front of each command, so a command copied from the
 * banner of a server on another DYNAMODB_PORT, table or data directory works as printed.
 * (The issuer needs no variable: the server records it in the table, SPEC §6.)
 */
export function cliPrefix(input: Pick<BannerInput, 'dynamoEndpoint' | 'dynamoPort' | 'tableName' | 'dataDir'>): string {
  const vars: string[] = [];
  if (input.dynamoPort !== DEFAULT_DYNAMODB_PORT) vars.push(`DYNAMODB_ENDPOINT=${shellWord(input.dynamoEndpoint)}`);
  if (input.tableName !== DEFAULTS.tableName) vars.push(`TABLE_NAME=${shellWord(input.tableName)}`);
  // The local signing key is sealed with a key file in the data directory: token:create needs it.
  if (input.dataDir !== DEFAULTS.dataDir) vars.push(`CONNECT_DATA_DIR=${shellWord(input.dataDir)}`);
  return [...vars, 'npm run connect --'].join(' ');
}

/** The quick start `npm start` prints once it listens. */
export function startBanner(input: BannerInput): string {
  const cli = cliPrefix(input);
  const store = input.inMemory ? 'in memory' : `data in ${input.dataDir}/dynamodb`;
  return `Connect is running at ${input.issuer}
  DynamoDB Local: ${input.dynamoEndpoint} (${store}), table "${input.tableName}"${input.createdTable ? ' (created)' : ''}
  Metadata:       ${input.issuer}${ROUTE.metadata.path}

Quick start, in another terminal:
  ${cli} scope:create read --description "Read your data"
  ${cli} client:create --name "My service" --client-credentials
  curl -s -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials -d scope=read ${input.issuer}${ROUTE.token.path}

Press Ctrl-C to stop.`;
}

/** A value as one POSIX shell word: as is when plain, else single-quoted. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
