import { describe, expect, it } from 'vitest';
import { browserStage } from '../support/browser-stage.js';
import type { CliClient } from '../support/cli.js';
import { basic, postForm } from '../support/http.js';

/**
 * The account page as a person uses it: Debian's Chromium, headless, against the real
 * `npm start`, with the fixtures made by the admin CLI and checks made the way a resource
 * server and a client application would make them (introspection, the token endpoint).
 */
describe('the account page in Chromium against npm start', () => {
  const email = 'grace@example.com';
  const password = 'correct horse battery staple';
  let resourceServer: CliClient;
  let app: CliClient;

  const introspect = async (token: string): Promise<boolean> => {
    const res = await postForm(`${stage.server.url}/oauth/introspect`, { token }, { authorization: basic(resourceServer.client_id, resourceServer.client_secret!) });
    expect(res.status).toBe(200);
    return res.body.active;
  };

  const stage = browserStage(async ({ callback, cli }) => {
    await cli(['scope:create', 'read', '--description', 'Read your reading list']);
    await cli(['user:create', '--email', email, '--password-stdin'], `${password}\n`);
    await cli(['client:create', '--name', 'Personal Access Client', '--personal']);
    resourceServer = (await cli(['client:create', '--name', 'Resource server', '--client-credentials', '--introspect'])) as CliClient;
    app = (await cli(['client:create', '--name', 'Reading List', '--redirect-uri', callback.url])) as CliClient;
  });

  async function signInToAccount(): Promise<void> {
    await stage.page().goto(`${stage.server.url}/oauth/account`);
    await stage.page().waitForURL(`${stage.server.url}/oauth/login?**`);
    await stage.page().getByLabel('Email').fill(email);
    await stage.page().getByLabel('Password').fill(password);
    await stage.page().getByRole('button', { name: 'Sign in' }).click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account`);
    expect(await stage.page().locator('h1').innerText()).toBe('Your account');
  }

  it('creates a personal access token, shows it once, and after revocation it fails introspection', async () => {
    await signInToAccount();
    await stage.page().getByLabel('Name').first().fill('Deploy script');
    await stage.page().getByLabel(/Read your reading list/).check();
    await stage.page().getByRole('button', { name: 'Create token' }).click();

    const token = await stage.page().locator('#new-token-value').inputValue();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await stage.page().locator('#new-token').innerText()).toMatch(/will not be shown again/);
    expect(await introspect(token)).toBe(true);

    await stage.page().goto(`${stage.server.url}/oauth/account`);
    const tokens = stage.page().locator('#personal-access-tokens');
    expect(await tokens.innerText()).toContain('Deploy script');
    expect(await stage.page().content()).not.toContain(token);

    await tokens.getByRole('button', { name: 'Revoke Deploy script' }).click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account?done=token-revoked#personal-access-tokens`);
    expect(await stage.page().getByRole('status').innerText()).toMatch(/revoked/);
    expect(await tokens.innerText()).not.toContain('Deploy script');
    expect(await introspect(token)).toBe(false);
  });

  it('revokes an authorized application: its refresh token fails afterwards', async () => {
    await signInToAccount();
    await stage.page().goto(
      `${stage.server.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: stage.callback.url, scope: 'read', state: 'account-1' })}`,
    );
    await stage.page().getByRole('button', { name: 'Authorize' }).click();
    await stage.page().waitForURL(`${stage.callback.url}?**`);
    const code = new URL(stage.page().url()).searchParams.get('code')!;
    const client = { authorization: basic(app.client_id, app.client_secret!) };
    const tokens = await postForm(`${stage.server.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: stage.callback.url }, client);
    expect(tokens.status).toBe(200);

    await stage.page().goto(`${stage.server.url}/oauth/account`);
    const apps = stage.page().locator('#authorized-apps');
    expect(await apps.innerText()).toMatch(/Reading List[\s\S]*scopes: read/);
    await apps.getByRole('button', { name: 'Revoke Reading List' }).click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account?done=app-revoked#authorized-apps`);
    expect(await apps.innerText()).toContain('No application has access to your account.');

    const refreshed = await postForm(`${stage.server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token }, client);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    expect(await introspect(tokens.body.access_token)).toBe(false);
  });

  it('registers a client, shows its secret once, and deletes it', async () => {
    await signInToAccount();
    const clients = stage.page().locator('#clients');
    await clients.getByLabel('Name').fill('My CLI tool');
    await clients.getByLabel(/Redirect URIs/).fill('http://localhost:8765/callback');
    await clients.getByRole('button', { name: 'Register client' }).click();
    const clientId = await stage.page().locator('#new-client-id').innerText();
    const secret = await stage.page().locator('#new-client-secret').inputValue();
    expect(secret).toMatch(/^[\w-]{43}$/);

    await stage.page().goto(`${stage.server.url}/oauth/account`);
    expect(await clients.innerText()).toContain(clientId);
    expect(await stage.page().content()).not.toContain(secret);
    await clients.getByRole('button', { name: 'Delete My CLI tool' }).click();
    await stage.page().waitForURL(`${stage.server.url}/oauth/account?done=client-deleted#clients`);
    expect(await clients.innerText()).not.toContain(clientId);
  });
});
