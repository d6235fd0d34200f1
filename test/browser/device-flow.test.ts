import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPagePerTest, launchChromium } from '../support/browser.js';
import { connectJson } from '../support/cli.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { DocReader, readDoc, shellBlocks } from '../support/doc-commands.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The device's side: docs/device-flow.md's script, run as the page says, printing as it goes. */
interface Device {
  readonly child: ChildProcess;
  /** Resolves with everything printed once the script has printed `lines` lines. */
  printed(lines: number): Promise<string[]>;
  exited(): Promise<{ code: number; stdout: string; stderr: string }>;
}

/**
 * docs/device-flow.md, as a reader follows it against the real `npm start`: the CLI registers
 * a public device client, the page's pasted script (oauth4webapi's RFC 8628 functions, which
 * check every response) is the device, and the person's part — sign in, compare the code,
 * approve or deny — happens in Debian's Chromium.
 */
describe('the device flow of docs/device-flow.md: its script as the device, a person in Chromium', () => {
  const email = 'ada@example.com';
  const password = 'correct horse battery staple';
  const page = readDoc('docs/device-flow.md');
  const [register, runScript] = shellBlocks(page);
  let server: DevServer;
  let browser: Browser;
  let reader: DocReader;
  let project: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startDevServer(), launchChromium()]);
    await connectJson(server.cliEnv, ['scope:create', 'read', '--description', 'Read your reading list']);
    await connectJson(server.cliEnv, ['user:create', '--email', email, '--password-stdin'], `${password}\n`);
    reader = new DocReader(server.url, server.cliEnv);
    for (const step of register!) {
      const run = await reader.run(step);
      expect(run.code, run.output).toBe(0);
      expect(run.missing, run.output).toEqual([]);
    }
    // "Save this as device-login.mjs in a project with oauth4webapi installed."
    project = mkdtempSync(join(tmpdir(), 'device-login-'));
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
    writeFileSync(join(project, 'device-login.mjs'), /^```js\n([\s\S]*?)^```$/m.exec(page)![1]!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pages = freshPagePerTest(() => browser);

  function startDevice(): Device {
    const command = reader.fill(runScript![0]!.command);
    const child = spawn('sh', ['-c', command], { cwd: project, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const waiting: { lines: number; done: (l: string[]) => void }[] = [];
    const lines = () => stdout.split('\n').filter(Boolean);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      for (const w of waiting.splice(0)) (lines().length >= w.lines ? w.done(lines()) : waiting.push(w));
    });
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exit = new Promise<{ code: number; stdout: string; stderr: string }>((done) => child.on('close', (code) => done({ code: code ?? -1, stdout, stderr })));
    return {
      child,
      printed: (n) => new Promise((done, fail) => {
        if (lines().length >= n) return done(lines());
        waiting.push({ lines: n, done });
        void exit.then((r) => fail(new Error(`the script exited (${r.code}) early:\n${r.stdout}\n${r.stderr}`)));
      }),
      exited: () => exit,
    };
  }

  async function signIn(): Promise<void> {
    await pages.page().getByLabel('Email').fill(email);
    await pages.page().getByLabel('Password').fill(password);
    await pages.page().getByRole('button', { name: 'Sign in' }).click();
  }

  it('prints what the page shows, and after the person signs in and approves the code it shows, gets one token response', { timeout: 120_000 }, async () => {
    const device = startDevice();
    const [open, check] = await device.printed(2);
    const missing = runScript![0]!.shows.map((shown) => shown.replaceAll('http://localhost:3000', server.url)).filter((shown, i) => {
      const re = new RegExp('^' + shown.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
      return !re.test([open, check][i]!);
    });
    expect(missing).toEqual([]);
    const url = open!.replace(/^Open /, '');
    const userCode = /shows (\S+)$/.exec(check!)![1]!;

    await pages.page().goto(url);
    await pages.page().waitForURL(`${server.url}/oauth/login?**`);
    await signIn();
    await pages.page().waitForURL(`${server.url}/oauth/device?**`);
    expect(await pages.page().getByLabel('Code').inputValue()).toBe(userCode);
    await pages.page().getByRole('button', { name: 'Continue' }).click();
    expect(await pages.page().locator('#user-code').innerText()).toBe(userCode);
    expect(await pages.page().locator('body').innerText()).toContain('my-cli');
    expect(await pages.page().locator('body').innerText()).toContain('Read your reading list');
    await pages.page().getByRole('button', { name: 'Approve' }).click();
    expect(await pages.page().locator('h1').innerText()).toBe('Device connected');

    const result = await device.exited();
    expect(result.code, result.stderr).toBe(0);
    const tokens = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(tokens).toMatchObject({ refresh_token: expect.any(String), scope: 'read' });
    // A resource server accepts the token: an RFC 9068 JWT of this issuer, for this client.
    const issuer = new URL(server.url);
    const http = { [oauth.allowInsecureRequests]: true } as const;
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...http, algorithm: 'oauth2' }));
    const request = new Request('https://api.example.com/list', { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(as, request, server.url, http);
    expect(claims).toMatchObject({ client_id: reader.shown.get('client_id'), scope: 'read' });
  });

  it('tells the device access_denied when the person, typing the code by hand, denies', { timeout: 120_000 }, async () => {
    const device = startDevice();
    const [, check] = await device.printed(2);
    const userCode = /shows (\S+)$/.exec(check!)![1]!;

    await pages.page().goto(`${server.url}/oauth/device`);
    await signIn();
    await pages.page().waitForURL(`${server.url}/oauth/device`);
    await pages.page().getByLabel('Code').fill(userCode.replace('-', '').toLowerCase());
    await pages.page().getByRole('button', { name: 'Continue' }).click();
    expect(await pages.page().locator('#user-code').innerText()).toBe(userCode);
    await pages.page().getByRole('button', { name: 'Deny' }).click();
    expect(await pages.page().locator('h1').innerText()).toBe('Request denied');

    const result = await device.exited();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^access_denied: /);
  });
});
