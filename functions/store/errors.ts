import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StorageError, type StorageErrorCode } from '../errors.js';

/** SDK error names and network codes, by what they mean for a caller (issue #7). */
const CODES: Readonly<Record<string, StorageErrorCode>> = {
  ProvisionedThroughputExceededException: 'storage_unavailable',
  ThrottlingException: 'storage_unavailable',
  RequestLimitExceeded: 'storage_unavailable',
  InternalServerError: 'storage_unavailable',
  ServiceUnavailable: 'storage_unavailable',
  TransactionInProgressException: 'storage_unavailable',
  // A cancelled transaction whose reasons are not a lost condition (throttling, capacity).
  TransactionCanceledException: 'storage_unavailable',
  TimeoutError: 'storage_unreachable',
  ECONNREFUSED: 'storage_unreachable',
  ECONNRESET: 'storage_unreachable',
  ENOTFOUND: 'storage_unreachable',
  ResourceNotFoundException: 'table_not_found',
  CredentialsProviderError: 'storage_credentials',
  UnrecognizedClientException: 'storage_credentials',
};

const MESSAGES: Readonly<Record<StorageErrorCode, string>> = {
  storage_unavailable: 'DynamoDB is busy',
  storage_unreachable: 'DynamoDB cannot be reached',
  table_not_found: 'the table does not exist',
  storage_credentials: 'no usable AWS credentials for DynamoDB',
};

/**
 * The SDK's error as a StorageError, when it is an outage or a setup problem; anything unknown
 * passes through untouched (a bug: the caller's generic 500). A cancelled transaction is
 * translated whatever its reasons: the repositories that expect a lost condition ask
 * isConditionFailure, which looks inside (single use, rotation, races).
 */
export function storageError(error: unknown): unknown {
  if (error instanceof StorageError) return error;
  const e = error as { name?: string; code?: string; errors?: { code?: string }[] } | null;
  const code = CODES[e?.name ?? ''] ?? CODES[e?.code ?? ''] ?? CODES[e?.errors?.[0]?.code ?? ''];
  return code ? new StorageError(code, MESSAGES[code], { cause: error }) : error;
}

/**
 * Installed on the document client, outermost (so it sees what the SDK's retries gave up on,
 * and what the tests' fault injection throws): every failed call leaves store/ translated.
 */
export function translateStorageErrors(doc: DynamoDBDocumentClient): void {
  doc.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw storageError(error);
      }
    },
    { step: 'initialize', priority: 'high', name: 'connectStorageErrors' },
  );
}

/** True when a conditional write or a transaction lost because its condition failed. */
export function isConditionFailure(raised: unknown): boolean {
  const error = raised instanceof StorageError ? raised.cause : raised;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
  }
  return false;
}

/**
 * A conditional write (put, update, delete or transaction) as a boolean: true once written,
 * false when its condition lost (single use, rotation, races); any other failure is thrown.
 */
export async function conditionalWrite(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
