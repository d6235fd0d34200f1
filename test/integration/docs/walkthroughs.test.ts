import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocReader, readDoc, section, shellBlocks, type DocBlock } from '../../support/doc-commands.js';
import { startDevServer, type DevServer } from '../../support/dev-server.js';
import { authorizeAndApprove, get, pkcePair, query, signIn } from '../../support/oauth-flow.js';

/**
 * The README's quick start, then docs/authorization-code-flow.md, typed in order against
 * `npm start` by a reader who puts each printed value where the next command asks for it: every
 * command succeeds and prints what the page shows under it. Where the walk-through has a person
 * in a browser (sign in, approve), the test plays that part over HTTP.
 */
describe('the documented walk-throughs', () => {
  let server: DevServer;
  let reader: DocReader;
  const readme = readDoc('README.md');
  const codeFlow = readDoc('docs/authorization-code-flow.md');

  beforeAll(async () => {
    server = await startDevServer();
    reader = new DocReader(server.url, server.cliEnv);
  });
  afterAll(() => server?.stop());

  async function follow(block: DocBlock | undefined): Promise<void> {
    expect(block, 'a shell block of the page').toBeDefined();
    for (const step of block!) {
      const run = await reader.run(step);
      expect(run.code, `${step.command}\n${run.output}`).toBe(0);
      expect(run.missing, `${step.command}\nprinted:\n${run.output}`).toEqual([]);
    }
  }

  it("the README's quick start runs as written and prints what it shows", { timeout: 240_000 }, async () => {
    const blocks = shellBlocks(section(readme, '## Quick start'));
    expect(blocks).toHaveLength(3);
    for (const block of blocks) await follow(block);
    // The revoked personal token is gone from the list; the mobile app's grant (the password
    // grant's refresh-token family) is still there.
    const after = await reader.run({ command: 'npm run connect -- token:list --user ada@example.com --json', shows: [] });
    const { tokens } = JSON.parse(after.output.slice(after.output.indexOf('{')));
    expect(tokens.map((t: { name: string | null }) => t.name)).toEqual([null]);
  });

  it("the authorization-code walk-through runs as written, the seed route's token carrying the scope it shows", { timeout: 240_000 }, async () => {
    const blocks = shellBlocks(codeFlow);
    expect(blocks).toHaveLength(5);
    const [register, exchange, refresh, registerPublic, exchangePublic] = blocks;
    const password = /'([^']+)' \| npm run connect -- user:create/.exec(readme)![1]!;
    const cookie = await signIn(server.url, 'ada@example.com', password);

    // 1. Register the client. 2–3. Ada opens the seed route the page names, and approves.
    await follow(register);
    const seedRoute = /\*\*`(http:\/\/localhost:3000\/oauth\/request\?[^`]+)`\*\*/.exec(codeFlow)![1]!;
    const seed = await get(reader.fill(seedRoute), cookie);
    expect(seed.status).toBe(302);
    const callback = await authorizeAndApprove(server.url, cookie, query(seed.location));
    expect(callback.iss).toBe(server.url);
    reader.shown.set('code', callback.code!);
    // 4. The callback exchanges the code; the refresh token rotates.
    await follow(exchange);
    await follow(refresh);

    // PKCE: a public client, its code bound to a verifier only the client knows.
    await follow(registerPublic);
    const pkce = pkcePair();
    const publicCallback = await authorizeAndApprove(server.url, cookie, {
      client_id: reader.shown.get('client_id')!,
      redirect_uri: 'http://localhost:8080/callback',
      response_type: 'code',
      scope: 'read',
      state: 'docs',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
    reader.shown.set('code', publicCallback.code!);
    reader.shown.set('verifier', pkce.verifier);
    await follow(exchangePublic);
  });


  it('keeps the README short and links every page of docs/ from it', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    const pages = readdirSync(new URL('../../../docs', import.meta.url)).filter((name) => name.endsWith('.md'));
    expect(pages.length).toBeGreaterThanOrEqual(9);
    for (const page of pages) expect(readme, `README links docs/${page}`).toContain(`(docs/${page})`);
  });
});
