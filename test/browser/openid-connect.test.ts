import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPagePerTest, launchChromium } from '../support/browser.js';
import { startCallbackServer, type CallbackServer } from '../support/callback-server.js';
import { connectJson, type CliClient } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { backdateSessions } from '../support/oidc.js';

/**
 * OpenID Connect (SPEC §10) proven by a certified relying-party library: openid-client (panva)
 * discovers the provider, runs the code flow with PKCE and a nonce through Chromium, validates
 * every id_token itself (signature, iss, aud, exp, nonce, at_hash, auth_time under max_age),
 * calls userinfo, refreshes, and logs out at the end-session endpoint. Fixtures come from the
 * admin CLI (child processes), as an operator would make them.
 */
describe('OpenID Connect with openid-client as the relying party, through Chromium', () => {
  const email = 'grace@example.com';
  const password = 'correct horse battery staple';
  let server: TestServer;
  let callback: CallbackServer;
  let browser: Browser;
  let rp: CliClient;
  let firstParty: CliClient;
  let unconsented: CliClient;
  let userId: string;
  const cliEnv = () => ({ DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT!, TABLE_NAME: process.env.TABLE_NAME!, AWS_REGION: 'us-east-1' });

  beforeAll(async () => {
    [server, callback, browser] = await Promise.all([startTestServer(), startCallbackServer(), launchChromium()]);
    const user = await connectJson(cliEnv(), ['user:create', '--email', email, '--name', 'Grace Hopper', '--email-verified', '--password-stdin'], `${password}\n`);
    userId = user.id;
    const rpArgs = (name: string, ...flags: string[]) => ['client:create', '--name', name, '--redirect-uri', callback.url, '--post-logout-redirect-uri', callback.url, ...flags];
    [rp, firstParty, unconsented] = await Promise.all([
      connectJson(cliEnv(), rpArgs('Wiki')),
      connectJson(cliEnv(), rpArgs('Intranet', '--first-party')),
      connectJson(cliEnv(), rpArgs('Calendar')),
    ]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
  });

  const pages = freshPagePerTest(() => browser);
  const discover = (c: CliClient) =>
    client.discovery(new URL(server.url), c.client_id, c.client_secret!, undefined, { execute: [client.allowInsecureRequests] });

  /** An authorization request as openid-client builds it, with its PKCE verifier, nonce and state. */
  async function request(config: client.Configuration, extra: Record<string, string> = {}) {
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: callback.url,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      ...extra,
    });
    return { url, verifier, nonce, state };
  }

  async function signIn(): Promise<void> {
    const page = pages.page();
    await page.waitForURL(`${server.url}/oauth/login?**`);
    await page.getByLabel('Password').fill(password);
    if ((await page.getByLabel('Email').inputValue()) === '') await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function callbackUrl(): Promise<URL> {
    await pages.page().waitForURL(`${callback.url}?**`);
    return new URL(pages.page().url());
  }

  it('discovers the provider, signs in with PKCE and a nonce, validates the id_token, reads userinfo, refreshes and logs out', async () => {
    const config = await discover(rp);
    expect(config.serverMetadata()).toMatchObject({ issuer: server.url, userinfo_endpoint: `${server.url}/oauth/userinfo`, end_session_endpoint: `${server.url}/oauth/end-session` });
    const first = await request(config, { max_age: '600', login_hint: email });
    await pages.page().goto(first.url.href);
    await pages.page().waitForURL(`${server.url}/oauth/login?**`);
    // login_hint prefills the e-mail.
    expect(await pages.page().getByLabel('Email').inputValue()).toBe(email);
    await signIn();
    await pages.page().waitForURL(`${server.url}/oauth/authorize?**`);
    expect(await pages.page().locator('main').innerText()).toContain('Your email address');
    await pages.page().getByRole('button', { name: 'Authorize' }).click();

    const tokens = await client.authorizationCodeGrant(config, await callbackUrl(), {
      pkceCodeVerifier: first.verifier,
      expectedNonce: first.nonce,
      expectedState: first.state,
      maxAge: 600,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: server.url, sub: userId, aud: rp.client_id, nonce: first.nonce });
    expect(typeof claims.auth_time).toBe('number');
    expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.at_hash).toBeDefined();

    const info = await client.fetchUserInfo(config, tokens.access_token, userId);
    expect(info).toMatchObject({ sub: userId, name: 'Grace Hopper', email, email_verified: true });
    expect(typeof info.updated_at).toBe('number');

    // OIDC Core §12.2: a refresh brings a new id_token about the same sign-in.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.id_token).toBeDefined();
    expect(refreshed.id_token).not.toBe(tokens.id_token);
    expect(refreshed.claims()).toMatchObject({ sub: userId, aud: rp.client_id, auth_time: claims.auth_time, sid: claims.sid });

    // RP-initiated logout: back to the registered URI with the state; the session is gone.
    await pages.page().goto(client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: callback.url, state: 'signed-out' }).href);
    expect(Object.fromEntries((await callbackUrl()).searchParams)).toEqual({ state: 'signed-out' });
    const again = await request(config, { prompt: 'none' });
    await pages.page().goto(again.url.href);
    expect(Object.fromEntries((await callbackUrl()).searchParams)).toMatchObject({ error: 'login_required', state: again.state });
  });

  it('prompt=none answers login_required without a session, consent_required without consent, and a code once consented', async () => {
    const config = await discover(rp);
    const none = await request(config, { prompt: 'none' });
    await pages.page().goto(none.url.href);
    expect(Object.fromEntries((await callbackUrl()).searchParams)).toMatchObject({ error: 'login_required', state: none.state, iss: server.url });

    // Signed in (through the first-party app, which asks no consent), but the Calendar was never approved.
    await pages.page().goto((await request(await discover(firstParty))).url.href);
    await signIn();
    await callbackUrl();
    const calendar = await request(await discover(unconsented), { prompt: 'none' });
    await pages.page().goto(calendar.url.href);
    expect(Object.fromEntries((await callbackUrl()).searchParams)).toMatchObject({ error: 'consent_required', state: calendar.state });

    // The Wiki, approved in the first test (consent is remembered), gets its code silently.
    const wiki = await request(config, { prompt: 'none' });
    await pages.page().goto(wiki.url.href);
    const tokens = await client.authorizationCodeGrant(config, await callbackUrl(), { pkceCodeVerifier: wiki.verifier, expectedNonce: wiki.nonce, expectedState: wiki.state });
    expect(tokens.claims()).toMatchObject({ sub: userId, nonce: wiki.nonce });
  });

  /** Signs in at the login page itself, then makes that sign-in `seconds` older (the session's recorded sign-in time). */
  async function signedInAgo(seconds: number): Promise<void> {
    const page = pages.page();
    await page.goto(`${server.url}/oauth/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('You are signed in').waitFor();
    await backdateSessions(server, seconds);
  }

  it('prompt=login asks for the password again though signed in, and the new id_token has a later auth_time', async () => {
    const config = await discover(firstParty);
    await signedInAgo(120);
    const first = await request(config);
    await pages.page().goto(first.url.href);
    const before = (await client.authorizationCodeGrant(config, await callbackUrl(), { pkceCodeVerifier: first.verifier, expectedNonce: first.nonce, expectedState: first.state })).claims()!;

    const second = await request(config, { prompt: 'login' });
    await pages.page().goto(second.url.href);
    await pages.page().waitForURL(`${server.url}/oauth/login?**`);
    // Signed in, yet the form: prefilled with who they are.
    expect(await pages.page().getByLabel('Email').inputValue()).toBe(email);
    await signIn();
    const after = (await client.authorizationCodeGrant(config, await callbackUrl(), { pkceCodeVerifier: second.verifier, expectedNonce: second.nonce, expectedState: second.state })).claims()!;
    expect(after.auth_time).toBeGreaterThan(before.auth_time!);
    expect(after.sid).not.toBe(before.sid);
  });

  it('max_age shorter than the session asks for the password again; openid-client checks auth_time against it', async () => {
    const config = await discover(firstParty);
    await signedInAgo(120);
    const silent = await request(config, { max_age: '300' });
    await pages.page().goto(silent.url.href);
    const before = (await client.authorizationCodeGrant(config, await callbackUrl(), { pkceCodeVerifier: silent.verifier, expectedNonce: silent.nonce, expectedState: silent.state, maxAge: 300 })).claims()!;

    const old = await request(config, { max_age: '60' });
    await pages.page().goto(old.url.href);
    await pages.page().waitForURL(`${server.url}/oauth/login?**`);
    await signIn();
    const tokens = await client.authorizationCodeGrant(config, await callbackUrl(), { pkceCodeVerifier: old.verifier, expectedNonce: old.nonce, expectedState: old.state, maxAge: 60 });
    // The sign-in 120 s ago met max_age=300 without a page; max_age=60 needed a new one.
    expect(tokens.claims()!.auth_time).toBeGreaterThanOrEqual(before.auth_time! + 120);
  });

  /** What openid-client throws when the id_token's nonce is not the expected one. */
  const NONCE_MISSING = { cause: expect.objectContaining({ message: 'JWT "nonce" (nonce) claim missing' }) };
  const NONCE_REFUSED = { cause: expect.objectContaining({ message: 'unexpected ID Token "nonce" claim value' }) };

  it('catches an id_token whose nonce is not the one this request sent, or a missing one', async () => {
    const config = await discover(firstParty);
    const sent = await request(config);
    await pages.page().goto(sent.url.href);
    await signIn();
    const url = await callbackUrl();
    await expect(client.authorizationCodeGrant(config, url, { pkceCodeVerifier: sent.verifier, expectedNonce: client.randomNonce(), expectedState: sent.state })).rejects.toMatchObject(NONCE_REFUSED);

    // Without a nonce in the request, the library expecting one refuses the id_token too.
    const { nonce: _unsent, ...withoutNonce } = Object.fromEntries((await request(config)).url.searchParams);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    await pages.page().goto(client.buildAuthorizationUrl(config, { ...withoutNonce, state, code_challenge: await client.calculatePKCECodeChallenge(verifier) }).href);
    const bare = await callbackUrl();
    await expect(client.authorizationCodeGrant(config, bare, { pkceCodeVerifier: verifier, expectedNonce: client.randomNonce(), expectedState: state })).rejects.toMatchObject(NONCE_MISSING);
  });
});
