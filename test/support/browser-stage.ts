import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freshPagePerTest, launchChromium } from './browser.js';
import { startCallbackServer, type CallbackServer } from './callback-server.js';
import { connectJson } from './cli.js';
import { startDevServer, type DevServer } from './dev-server.js';

/** What a browser test of the real `npm start` runs against, once the file's set-up has run. */
export interface BrowserStage {
  readonly server: DevServer;
  /** A client application's redirect URI, recording what the browser brings back to it. */
  readonly callback: CallbackServer;
  readonly browser: Browser;
  /** The current test's fresh page (freshPagePerTest: a CSP violation fails the test). */
  page(): Page;
  /** The admin CLI with `--json`, as an operator runs it against the server's store. */
  cli(args: string[], stdin?: string): Promise<any>;
}

/**
 * `npm start`, a client's callback server and Debian's Chromium, started together before the
 * calling file's tests, then `setUp` (its fixtures, made with the CLI); all stopped after them.
 */
export function browserStage(setUp: (stage: BrowserStage) => Promise<void>): BrowserStage {
  let server: DevServer;
  let callback: CallbackServer;
  let browser: Browser;
  const pages = freshPagePerTest(() => browser);
  const stage: BrowserStage = {
    get server() {
      return server;
    },
    get callback() {
      return callback;
    },
    get browser() {
      return browser;
    },
    page: () => pages.page(),
    cli: (args, stdin) => connectJson(server.cliEnv, args, stdin),
  };

  beforeAll(async () => {
    [server, callback, browser] = await Promise.all([startDevServer(), startCallbackServer(), launchChromium()]);
    await setUp(stage);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await server?.stop();
  });

  return stage;
}
