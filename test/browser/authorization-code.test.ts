import { describe, expect, it } from 'vitest';
import { browserStage } from '../support/browser-stage.js';
import type { CliClient } from '../support/cli.js';
import { basic, postForm } from '../support/http.js';
import { verifyWithJwks } from '../support/jwt.js';

/**
 * The authorization-code flow as a person lives it: Debian's Chromium, headless, against the
 * real `npm start`, with fixtures made by the admin CLI and a client callback of its own.
 */
describe('the authorization-code flow in Chromium against npm start', () => {
  const email = 'ada@example.com';
  const password = 'correct horse battery staple';
  const clients: Record<'consenting' | 'denying' | 'firstParty' | 'remembering' | 'seeded', CliClient> = {} as never;

  const stage = browserStage(async ({ callback, cli }) => {
    await cli(['scope:create', 'read', '--description', 'Read your reading list']);
    await cli(['user:create', '--email', email, '--password-stdin'], `${password}\n`);
    const client = (name: string, ...flags: string[]) =>
      cli(['client:create', '--name', name, '--redirect-uri', callback.url, ...flags]) as Promise<CliClient>;
    [clients.consenting, clients.denying] = await Promise.all([client('Reading List'), client('Denied App')]);
    [clients.firstParty, clients.remembering] = await Promise.all([client('Our Own App', '--first-party'), client('Remembered App')]);
    clients.seeded = await client('Seeded App');
  });

  const authorizeUrl = (clientId: string, state: string) =>
    `${stage.server.url}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: stage.callback.url,
      scope: 'read',
      state,
    })}`;

  async function signIn(): Promise<void> {
    await stage.page().waitForURL(`${stage.server.url}/oauth/login?**`);
    await stage.page().getByLabel('Email').fill(email);
    await stage.page().getByLabel('Password').fill(password);
    await stage.page().getByRole('button', { name: 'Sign in' }).click();
  }

  async function arriveAtCallback(): Promise<Record<string, string>> {
    await stage.page().waitForURL(`${stage.callback.url}?**`);
    return Object.fromEntries(new URL(stage.page().url()).searchParams);
  }

  it('signs in, shows the consent screen, and on approval calls back with a code that exchanges for a verifiable JWT', async () => {
    await stage.page().goto(authorizeUrl(clients.consenting.client_id, 'state-1'));
    await signIn();
    await stage.page().waitForURL(`${stage.server.url}/oauth/authorize?**`);
    expect(await stage.page().locator('h1').innerText()).toBe('Authorization request');
    const text = await stage.page().locator('main').innerText();
    expect(text).toContain('Reading List');
    expect(text).toContain('Read your reading list');
    // The stylesheet applied: the CSP hash matches it.
    expect(await stage.page().locator('main').evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe('12px');
    await stage.page().getByRole('button', { name: 'Authorize' }).click();

    const answer = await arriveAtCallback();
    expect(answer).toMatchObject({ state: 'state-1', iss: stage.server.url });
    expect(answer.code).toMatch(/^[\w-]{43}$/);
    const { client_id, client_secret } = clients.consenting;
    const tokens = await postForm(
      `${stage.server.url}/oauth/token`,
      { grant_type: 'authorization_code', code: answer.code!, redirect_uri: stage.callback.url },
      { authorization: basic(client_id, client_secret!) },
    );
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'read', refresh_token: expect.any(String) });
    const { payload } = await verifyWithJwks(stage.server.url, tokens.body.access_token);
    expect(payload).toMatchObject({ client_id, scope: 'read' });
  });

  it('calls back with access_denied when the user cancels', async () => {
    await stage.page().goto(authorizeUrl(clients.denying.client_id, 'state-2'));
    await signIn();
    await stage.page().getByRole('button', { name: 'Cancel' }).click();
    const answer = await arriveAtCallback();
    expect(answer).toMatchObject({ error: 'access_denied', state: 'state-2', iss: stage.server.url });
    expect(answer.code).toBeUndefined();
  });

  it('skips the consent screen for a first-party client', async () => {
    await stage.page().goto(authorizeUrl(clients.firstParty.client_id, 'state-3'));
    await signIn();
    const answer = await arriveAtCallback();
    expect(answer).toMatchObject({ state: 'state-3', iss: stage.server.url });
    expect(answer.code).toMatch(/^[\w-]{43}$/);
  });

  it('remembers an approval, so the second request goes straight back to the client', async () => {
    await stage.page().goto(authorizeUrl(clients.remembering.client_id, 'state-4'));
    await signIn();
    await stage.page().getByRole('button', { name: 'Authorize' }).click();
    expect((await arriveAtCallback()).code).toBeDefined();

    await stage.page().goto(authorizeUrl(clients.remembering.client_id, 'state-5'));
    const again = await arriveAtCallback();
    expect(again).toMatchObject({ state: 'state-5', iss: stage.server.url });
    expect(again.code).toMatch(/^[\w-]{43}$/);
  });

  it('runs the seed route: /oauth/request?client=ID leads through login and consent to the callback', async () => {
    await stage.page().goto(`${stage.server.url}/oauth/request?client=${clients.seeded.client_id}`);
    await signIn();
    await stage.page().getByRole('button', { name: 'Authorize' }).click();
    const answer = await arriveAtCallback();
    expect(answer.code).toMatch(/^[\w-]{43}$/);
    expect(answer.state).toMatch(/^[\w-]{43}$/);
    expect(answer.iss).toBe(stage.server.url);
  });

  it('shows an error page, and never redirects, when the redirect URI does not match', async () => {
    const before = stage.callback.received.length;
    const url = authorizeUrl(clients.consenting.client_id, 'state-6').replace(
      encodeURIComponent(stage.callback.url),
      encodeURIComponent('https://evil.example/callback'),
    );
    const response = await stage.page().goto(url);
    expect(response!.status()).toBe(400);
    expect(stage.page().url()).toBe(url);
    expect(await stage.page().locator('h1').innerText()).toMatch(/cannot be completed/);
    expect(await stage.page().locator('[role=alert]').innerText()).toMatch(/redirect_uri/);
    expect(stage.callback.received.length).toBe(before);
  });
});
