/**
 * One cold start, in a fresh Node process: imports a function's bundle (its init), then
 * serves one request with it. Prints one JSON line: the times, the status, and the TCP
 * connections opened during init and during the request. Plain JavaScript, so nothing but
 * Node itself runs before the bundle (as on Lambda).
 *
 * usage: node cold-child.mjs <bundle.mjs>   (the event in CONNECT_BENCH_EVENT; none: init only)
 */
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const booted = performance.now(); // since this process started
const connections = { init: 0, request: 0 };
let phase = 'init';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  connections[phase]++;
  return connect.apply(this, args);
};

const started = performance.now();
const { handler } = await import(pathToFileURL(process.argv[2]).href);
const initialized = performance.now();
phase = 'request';
let statusCode;
if (process.env.CONNECT_BENCH_EVENT) {
  const event = JSON.parse(process.env.CONNECT_BENCH_EVENT);
  const context = { awsRequestId: 'cold', functionName: 'bench', getRemainingTimeInMillis: () => 10_000 };
  statusCode = (await handler(event, context)).statusCode;
}
const served = performance.now();
process.stdout.write(
  JSON.stringify({
    bootMs: booted,
    initMs: initialized - started,
    requestMs: served - initialized,
    totalMs: served,
    statusCode,
    connections,
  }) + '\n',
);
// Keep-alive sockets would hold the process open; a Lambda container would be frozen instead.
process.exit(0);
