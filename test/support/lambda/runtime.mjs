/**
 * A stand-in for the Lambda Node.js runtime, run by the official Node 22 binary beside (never
 * inside) the function's unzipped code: it imports `<task>/index.mjs` as Lambda does
 * (`handler: index.handler`), then invokes `handler(event, context)` for each message from the
 * parent process and sends back the result, or the error Lambda would report.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const task = process.env.LAMBDA_TASK_ROOT;

// Lambda's JSON log format (AWS_LAMBDA_LOG_FORMAT=JSON): each console call is one JSON line with
// the time, the level and the request id; a lone object is kept as the message's fields.
let currentRequestId;
if (process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON') {
  const { format } = await import('node:util');
  for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR']]) {
    console[method] = (...args) => {
      const message = args.length === 1 && args[0] && typeof args[0] === 'object' ? args[0] : format(...args);
      process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, requestId: currentRequestId, message })}\n`);
    };
  }
}
let handler;
let initError;
try {
  ({ handler } = await import(pathToFileURL(join(task, 'index.mjs')).href));
  if (typeof handler !== 'function') throw new Error('index.handler is not a function');
} catch (error) {
  initError = error;
}
process.send({
  type: 'ready',
  error: initError ? String(initError.stack ?? initError) : undefined,
  platform: { arch: process.arch, node: process.version },
});

let counter = 0;
process.on('message', async ({ id, event }) => {
  const requestId = `req-${process.pid}-${++counter}`;
  currentRequestId = requestId;
  const deadline = Date.now() + Number(process.env.CONNECT_TEST_TIMEOUT_MS ?? 10_000);
  const context = {
    awsRequestId: requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  const started = performance.now();
  try {
    if (initError) throw initError;
    const result = await handler(event, context);
    process.send({ id, result: result === undefined ? null : result, durationMs: performance.now() - started });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
