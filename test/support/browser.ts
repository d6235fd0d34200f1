import { existsSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it with apt), never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  // chromium.launch gives the browser a fresh, temporary user-data-dir of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Gives every test of the calling file a fresh browser context and page, and fails the test if
 * the page reported any Content-Security-Policy violation: the pages must work under their CSP.
 */
export function freshPagePerTest(browser: () => Browser): { page(): Page } {
  let context: BrowserContext;
  let current: Page;
  let violations: string[] = [];
  beforeEach(async () => {
    context = await browser().newContext();
    current = await context.newPage();
    violations = [];
    current.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
  });
  afterEach(async () => {
    await context.close();
    expect(violations).toEqual([]);
  });
  return { page: () => current };
}
