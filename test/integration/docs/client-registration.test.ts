import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocReader, readDoc, section, shellBlocks } from '../../support/doc-commands.js';
import { startDevServer, type DevServer } from '../../support/dev-server.js';

/**
 * docs/client-registration.md's registration walk-through, typed as written against
 * `npm start` with REGISTRATION=token: the CLI's initial access token, then the curl that
 * registers a client with it.
 */
describe('the dynamic registration walk-through', () => {
  let server: DevServer;
  let reader: DocReader;
  const page = readDoc('docs/client-registration.md');

  beforeAll(async () => {
    server = await startDevServer({ REGISTRATION: 'token' });
    reader = new DocReader(server.url, server.cliEnv);
  }, 120_000);
  afterAll(() => server?.stop());

  it('runs as written and prints what it shows', { timeout: 120_000 }, async () => {
    const blocks = shellBlocks(section(page, '## Dynamic client registration (RFC 7591)'));
    expect(blocks).toHaveLength(2);
    for (const step of blocks.flat()) {
      const run = await reader.run(step);
      expect(run.code, `${step.command}\n${run.output}`).toBe(0);
      expect(run.missing, `${step.command}\nprinted:\n${run.output}`).toEqual([]);
    }
    expect(reader.shown.get('client_id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
