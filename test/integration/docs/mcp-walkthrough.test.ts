import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocReader, readDoc, shellBlocks } from '../../support/doc-commands.js';
import { startDevServer, type DevServer } from '../../support/dev-server.js';
import { startMcpExample, type McpExample } from '../../support/mcp-example.js';

/**
 * docs/mcp.md typed in order against `npm start` and the example MCP server (`npm run
 * mcp:example`, started here on a free port: the page's `http://localhost:3001` becomes its
 * address), every command succeeding and printing what the page shows under it.
 */
describe('the MCP walk-through (docs/mcp.md)', () => {
  const PAGE_MCP_ORIGIN = 'http://localhost:3001';
  let server: DevServer;
  let mcp: McpExample;
  let reader: DocReader;

  beforeAll(async () => {
    server = await startDevServer();
    mcp = await startMcpExample(server.url);
    reader = new DocReader(server.url, server.cliEnv);
  }, 180_000);
  afterAll(async () => {
    await mcp?.stop();
    await server?.stop();
  });

  it('runs as written and prints what it shows', { timeout: 240_000 }, async () => {
    const blocks = shellBlocks(readDoc('docs/mcp.md'));
    expect(blocks).toHaveLength(3);
    const origin = new URL(mcp.url).origin;
    for (const block of blocks) {
      for (const step of block) {
        const run = await reader.run({
          command: step.command.replaceAll(PAGE_MCP_ORIGIN, origin),
          shows: step.shows.map((line) => line.replaceAll(PAGE_MCP_ORIGIN, origin)),
        });
        expect(run.code, `${step.command}\n${run.output}`).toBe(0);
        expect(run.missing, `${step.command}\nprinted:\n${run.output}`).toEqual([]);
      }
    }
  });
});
