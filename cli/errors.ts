import { AdminError } from '../functions/admin/errors.js';
import { ConfigError } from '../functions/config.js';
import { StorageError } from '../functions/errors.js';
import { KeyLimitError } from '../functions/store/keys.js';

/** One human line for any failure (SPEC §3): never a stack trace. */
export function describeCliError(error: unknown, target: { endpoint?: string; table: string }): string {
  if (error instanceof AdminError || error instanceof ConfigError) return error.message;
  // A value the store refuses before asking DynamoDB (too long for a key, not valid text).
  if (error instanceof KeyLimitError) return 'a value is too long or is not valid text (DynamoDB key limits: 2,048 / 1,024 bytes)';
  const where = target.endpoint ?? 'DynamoDB on AWS';
  // store/ names the outage (functions/errors.ts); the SDK's own error names stay in store/.
  if (error instanceof StorageError) {
    switch (error.code) {
      case 'storage_unreachable':
        return `cannot reach ${where}: is \`npm start\` running (or is --endpoint right)?`;
      case 'table_not_found':
        return `table "${target.table}" not found at ${where}: run \`npm start\` once to create it, or pass --table`;
      case 'storage_credentials':
        return `no usable AWS credentials for ${where}: configure them, or set DYNAMODB_ENDPOINT for a local store`;
      case 'storage_unavailable':
        return `${where} is busy (throttled): retry shortly`;
    }
  }
  const e = error as { name?: string; message?: string };
  return `unexpected failure: ${e.name ?? 'Error'}: ${(e.message ?? String(error)).split('\n')[0]}`;
}
