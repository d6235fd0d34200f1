import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../functions/local/dynamodb-local.js';
import { collectOutput } from './child-output.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface McpExample {
  /** Its MCP endpoint: the resource to register with Connect. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * examples/mcp-server as docs/mcp.md runs it (`npm run mcp:example`, i.e. tsx on node.ts), a
 * child process on a free port, trusting the Connect at `issuer`. Resolves on its start-up line.
 */
export async function startMcpExample(issuer: string): Promise<McpExample> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'examples/mcp-server/node.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', CONNECT_ISSUER: issuer, MCP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await collectOutput(child).until('Example MCP server:', 'the example MCP server', 60_000);
  return {
    url: `http://localhost:${port}/mcp`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
