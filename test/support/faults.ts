import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let injected = 0;

/** How many faults tests have injected so far in this process. */
export const faultsInjected = () => injected;

/**
 * Makes the next `times` calls of one DynamoDB operation fail with `error`, through the SDK's
 * own middleware stack (before its retries: the failure reaches the handler as an outage would).
 */
export function injectFault(
  doc: DynamoDBDocumentClient,
  operation: string,
  error: () => Error,
  times = 1,
): { remove(): void } {
  const name = `fault-${operation}-${Math.random().toString(36).slice(2)}`;
  let left = times;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (left > 0 && context.commandName === `${operation}Command`) {
        left--;
        injected++;
        throw error();
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { remove: () => doc.middlewareStack.remove(name) };
}

export const throttling = () =>
  Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' });
export const timeout = () => Object.assign(new Error('Connection timed out after 2000 ms'), { name: 'TimeoutError' });
export const transactionCanceled = () =>
  Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }],
  });
