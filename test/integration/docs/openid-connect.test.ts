import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../functions/local/dynamodb-local.js';
import { DocReader, readDoc, shellBlocks } from '../../support/doc-commands.js';
import { startDevServer, type DevServer } from '../../support/dev-server.js';
import { authorizeAndApprove, get, signIn } from '../../support/oauth-flow.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * docs/openid-connect.md as a reader follows it against `npm start`: the CLI commands of its
 * shell block, then its relying party (the page's TypeScript, unchanged) run with tsx. The
 * test plays Grace in the browser over HTTP: signs in, approves, follows the redirects.
 * The page's port 8080 becomes a free one, so parallel runs cannot collide.
 */
describe('the OpenID Connect walk-through', () => {
  let server: DevServer;
  let reader: DocReader;
  let rp: ChildProcess | undefined;
  const page = readDoc('docs/openid-connect.md');

  beforeAll(async () => {
    server = await startDevServer();
    reader = new DocReader(server.url, server.cliEnv);
  });
  afterAll(async () => {
    rp?.kill();
    await server?.stop();
  });

  it('registers the relying party, signs Grace in through openid-client, reads userinfo and logs her out', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const local = (text: string) => text.replaceAll('localhost:8080', `localhost:${port}`);
    const [block] = shellBlocks(page);
    for (const step of block!) {
      const run = await reader.run({ command: local(step.command), shows: step.shows.map(local) });
      expect(run.code, `${step.command}\n${run.output}`).toBe(0);
      expect(run.missing, `${step.command}\nprinted:\n${run.output}`).toEqual([]);
    }

    // The page's script, as saved by the reader, next to the project's node_modules.
    const script = /```ts\n([\s\S]*?)^```$/m.exec(page)![1]!;
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    const file = join(mkdtempSync(join(root, 'node_modules/.cache/doc-rp-')), 'rp.mts');
    writeFileSync(file, script);
    let output = '';
    rp = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ISSUER: server.url, PORT: String(port), CLIENT_ID: reader.shown.get('client_id')!, CLIENT_SECRET: reader.shown.get('client_secret')! },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    rp.stdout!.on('data', (c) => (output += c));
    rp.stderr!.on('data', (c) => (output += c));
    const printed = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((found, fail) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) return found(match);
          if (rp!.exitCode !== null) return fail(new Error(`rp.mts exited:\n${output}`));
          setTimeout(check, 50);
        };
        check();
      });

    const login = new URL((await printed(/^Open (\S+)$/m))[1]!);
    const cookie = await signIn(server.url, 'grace@example.com', 'correct horse battery staple');
    const callback = await authorizeAndApprove(server.url, cookie, Object.fromEntries(login.searchParams));
    const atRp = await get(`http://localhost:${port}/callback?${new URLSearchParams(callback)}`);
    expect(atRp.status).toBe(302);
    await printed(/^Signed in: Grace Hopper <grace@example\.com>, sub [0-9a-f-]{36}$/m);
    const endSession = await get(atRp.location!, cookie);
    expect(endSession.location).toBe(`http://localhost:${port}/signed-out`);
    await get(endSession.location!);
    await printed(/^Signed out$/m);
  });
});
