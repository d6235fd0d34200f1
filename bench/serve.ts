/**
 * The local HTTP server of `npm start` (same routing, same handlers), without its set-up, on
 * a free 127.0.0.1 port: the benchmark's load target, in a process of its own so the load
 * generator does not share its event loop. Prints `{"port":N}` once listening.
 */
import { createLocalServer } from '../functions/local/server.js';

const server = createLocalServer();
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as { port: number }).port }) + '\n');
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
