import { describe, expect, it } from 'vitest';
import { browserStage } from '../support/browser-stage.js';
import type { CliClient } from '../support/cli.js';
import { basic, postForm } from '../support/http.js';

/**
 * The sign-in and account pages as a newcomer following the README meets them (issue 12,
 * item 9): Debian's Chromium, headless, against the real `npm start`.
 */
describe('the sign-in and account pages for a newcomer, in Chromium against npm start', () => {
  const email = 'ada@example.com';
  const password = 'correct horse battery staple';
  let app: CliClient;

  const stage = browserStage(async ({ callback, cli }) => {
    await cli(['scope:create', 'read', '--description', 'Read your reading list']);
    await cli(['user:create', '--email', email, '--password-stdin'], `${password}\n`);
    app = (await cli(['client:create', '--name', 'Reading List', '--redirect-uri', callback.url])) as CliClient;
  });

  const authorizeUrl = (state: string) =>
    `${stage.server.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: stage.callback.url, scope: 'read', state })}`;

  async function signIn(): Promise<void> {
    await stage.page().getByLabel('Email').fill(email);
    await stage.page().getByLabel('Password').fill(password);
    await stage.page().getByRole('button', { name: 'Sign in' }).click();
  }

  it('after signing in at a bare /oauth/login, links on to the account page', async () => {
    await stage.page().goto(`${stage.server.url}/oauth/login`);
    await signIn();
    await stage.page().waitForURL(`${stage.server.url}/oauth/login`);
    expect(await stage.page().locator('h1').innerText()).toBe('You are signed in');
    await stage.page().getByRole('link', { name: 'Go to your account' }).click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account`);
    expect(await stage.page().locator('h1').innerText()).toBe('Your account');
  });

  it('says "signed out" after signing out', async () => {
    await stage.page().goto(`${stage.server.url}/oauth/account`);
    await signIn();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account`);
    await stage.page().getByRole('button', { name: 'Sign out' }).click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/login?**`);
    expect(await stage.page().getByRole('status').innerText()).toBe('You have signed out.');
    expect(await stage.page().locator('h1').innerText()).toBe('Sign in');
    // Signed out for real: the account page asks to sign in again.
    await stage.page().goto(`${stage.server.url}/oauth/account`);
    await stage.page().waitForURL(`${stage.server.url}/oauth/login?**`);
  });

  it('names the application that asked when the sign-in interrupts an authorization request', async () => {
    await stage.page().goto(authorizeUrl('named'));
    await stage.page().waitForURL(`${stage.server.url}/oauth/login?**`);
    expect(await stage.page().locator('main, body').first().innerText()).toContain('to continue to Reading List');
    // A bare sign-in names nobody.
    await stage.page().goto(`${stage.server.url}/oauth/login`);
    expect(await stage.page().locator('body').innerText()).not.toContain('to continue to');
  });

  it('lists an application signed in to twice as one row with its two sessions, and Revoke all ends both', async () => {
    await stage.page().goto(authorizeUrl('first'));
    await signIn();
    await stage.page().getByRole('button', { name: 'Authorize' }).click();
    await stage.page().waitForURL(`${stage.callback.url}?**`);
    const first = new URL(stage.page().url()).searchParams.get('code')!;
    // The consent is remembered: the second sign-in through the app goes straight back.
    await stage.page().goto(authorizeUrl('second'));
    await stage.page().waitForURL(`${stage.callback.url}?**`);
    const second = new URL(stage.page().url()).searchParams.get('code')!;
    const client = { authorization: basic(app.client_id, app.client_secret!) };
    const exchange = (code: string) => postForm(`${stage.server.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: stage.callback.url }, client);
    const refreshTokens = [(await exchange(first)).body.refresh_token, (await exchange(second)).body.refresh_token];
    expect(refreshTokens.every((t) => typeof t === 'string')).toBe(true);

    await stage.page().goto(`${stage.server.url}/oauth/account`);
    const rows = stage.page().locator('#authorized-apps li');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/Reading List[\s\S]*scopes: read · 2 sessions/);
    const revoke = rows.first().getByRole('button', { name: 'Revoke Reading List' });
    expect(await revoke.innerText()).toBe('Revoke all');
    await revoke.click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account?done=app-revoked#authorized-apps`);
    expect(await stage.page().locator('#authorized-apps').innerText()).toContain('No application has access to your account.');
    for (const refreshToken of refreshTokens) {
      const refreshed = await postForm(`${stage.server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);
      expect(refreshed.body.error).toBe('invalid_grant');
    }
  });
});
