import type { Server } from 'node:http';
import { afterAll } from 'vitest';
import { container, type Container } from '../../functions/container.js';
import { bootstrapLocalStore } from '../../functions/local/bootstrap.js';
import { createLocalServer } from '../../functions/local/server.js';
import { testEnv } from './store.js';

export interface TestServer {
  readonly url: string;
  /** The same container the handlers use (this process is their "Lambda container"). */
  readonly deps: Container;
}

/**
 * The local server of `npm start` on a free port, in this test process, over a fresh table.
 * Real HTTP: requests go through Node's HTTP stack and the API Gateway v2 event conversion.
 */
export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const server: Server = createLocalServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  const url = `http://localhost:${port}`;
  testEnv({ ISSUER: url, ...overrides });
  const deps = container();
  await bootstrapLocalStore(deps);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  return { url, deps };
}
