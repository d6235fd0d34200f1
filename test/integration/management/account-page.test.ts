import { beforeAll, describe, expect, it } from 'vitest';
import { newGrantId } from '../../../functions/oauth/tokens/issue.js';
import { aClient, aScope } from '../../support/fixtures.js';
import { aSignedInUser, anAuthorizedApp, anIntrospector, type SignedInUser } from '../../support/management.js';
import { formFields, get, post, type Page } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** The value of a textarea the page shows once (a new token or secret). */
function shownOnce(html: string, id: string): string | undefined {
  return new RegExp(`<textarea[^>]* id="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
}

describe('the account page, GET /oauth/account and its forms', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let introspect: (token: string) => Promise<boolean>;
  const account = () => `${server.url}/oauth/account`;
  const form = (user: SignedInUser, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    post(`${server.url}${path}`, { csrf_token: user.csrf, ...fields }, user.cookie, headers);

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'read', 'Read your data');
    await aClient(server.deps, { kind: 'personal' });
    alice = await aSignedInUser(server.url, server.deps);
    bob = await aSignedInUser(server.url, server.deps);
    introspect = await anIntrospector(server.url, server.deps);
  });

  it('sends a visitor without a session to the login page, to come back afterwards', async () => {
    const res = await get(`${account()}?tokens=abc`);
    expect(res.status).toBe(302);
    const login = new URL(res.location!);
    expect(login.pathname).toBe('/oauth/login');
    expect(login.searchParams.get('return_to')).toBe('/oauth/account?tokens=abc');

    const signedIn = await post(`${server.url}/oauth/login`, { email: alice.email, password: alice.password, return_to: '/oauth/account' });
    expect(signedIn.location).toBe(account());
    const posted = await post(`${server.url}/oauth/account/clients`, { name: 'x' });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/\/oauth\/login\?return_to=%2Foauth%2Faccount$/);
  });

  it('shows the signed-in user’s applications, tokens and clients, with the login pages’ security headers', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice, { name: 'Reading <List>' });
    const res = await get(account(), alice.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain(alice.email);
    expect(res.text).toContain('Reading &lt;List&gt;');
    expect(res.text).not.toContain('Reading <List>');
    expect(res.text).toContain(`/oauth/account/tokens/${app.grantId}/revoke`);
    expect(formFields(res.text, `/oauth/account/tokens/${app.grantId}/revoke`).csrf_token).toBe(alice.csrf);
    expect(res.text).toContain('name="scope:read"');
  });

  it('says only its own texts after an action: a `done` it does not know, even an object’s own property name, shows nothing', async () => {
    for (const done of ['toString', 'constructor', '<b>hi</b>']) {
      const res = await get(`${account()}?done=${encodeURIComponent(done)}`, alice.cookie);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('class="notice"');
    }
  });

  it('creates a personal access token and shows it once; revoking it stops it', async () => {
    const created = await form(alice, '/oauth/account/personal-access-tokens', { name: 'Laptop', 'scope:read': '1' });
    expect(created.status).toBe(200);
    const token = shownOnce(created.text, 'new-token-value')!;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await introspect(token)).toBe(true);

    const again = await get(account(), alice.cookie);
    expect(again.text).toContain('Laptop');
    expect(again.text).not.toContain(token);

    const [grant] = (await alice.api.get('/oauth/personal-access-tokens')).body;
    const revoked = await form(alice, `/oauth/account/personal-access-tokens/${grant.id}/revoke`);
    expect(revoked.status).toBe(303);
    expect(revoked.location).toBe(`${account()}?done=token-revoked#personal-access-tokens`);
    expect(await introspect(token)).toBe(false);
    expect((await get(revoked.location!, alice.cookie)).text).toContain('The token has been revoked');
  });

  it('registers a client and shows its secret once; a new secret replaces it; deleting it stops its tokens', async () => {
    const created = await form(alice, '/oauth/account/clients', { name: 'My app', redirect: 'https://app.example/cb\nhttp://localhost:9999/callback', confidential: '1' });
    expect(created.status).toBe(200);
    const id = /<code id="new-client-id">([^<]+)<\/code>/.exec(created.text)![1]!;
    const secret = shownOnce(created.text, 'new-client-secret')!;
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(await server.deps.clients.get(id)).toMatchObject({ userId: alice.id, redirectUris: ['https://app.example/cb', 'http://localhost:9999/callback'] });
    expect((await get(account(), alice.cookie)).text).not.toContain(secret);

    const rotated = await form(alice, `/oauth/account/clients/${id}/secret`);
    const next = shownOnce(rotated.text, 'new-client-secret')!;
    expect(next).toMatch(/^[\w-]{43}$/);
    expect(next).not.toBe(secret);

    const deleted = await form(alice, `/oauth/account/clients/${id}/delete`);
    expect(deleted.location).toBe(`${account()}?done=client-deleted#clients`);
    expect((await server.deps.clients.get(id))!.revoked).toBe(true);
  });

  it('revokes an authorized application: its refresh token then fails', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice);
    const res = await form(alice, `/oauth/account/tokens/${app.grantId}/revoke`);
    expect(res.location).toBe(`${account()}?done=app-revoked#authorized-apps`);
    expect((await app.refresh()).body.error).toBe('invalid_grant');
  });

  it('answers 404 for someone else’s token, application or client, and leaves them working', async () => {
    const bobsApp = await anAuthorizedApp(server.url, server.deps, bob);
    const bobsToken = (await bob.api.post('/oauth/personal-access-tokens', { name: 'bob' })).body;
    const bobsClient = (await bob.api.post('/oauth/clients', { name: 'bob', redirect: 'https://b.example/cb' })).body;
    const attempts: Page[] = [
      await form(alice, `/oauth/account/tokens/${bobsApp.grantId}/revoke`),
      await form(alice, `/oauth/account/personal-access-tokens/${bobsToken.token.id}/revoke`),
      await form(alice, `/oauth/account/clients/${bobsClient.id}/secret`),
      await form(alice, `/oauth/account/clients/${bobsClient.id}/delete`),
      await form(alice, '/oauth/account/clients/not-an-id/delete'),
    ];
    expect(attempts.map((a) => a.status)).toEqual([404, 404, 404, 404, 404]);
    expect(await introspect(bobsApp.accessToken)).toBe(true);
    expect(await introspect(bobsToken.accessToken)).toBe(true);
    expect((await server.deps.clients.get(bobsClient.id))!.revoked).toBe(false);
  });

  it('refuses a form without the session’s CSRF token, or posted from another site, with 403', async () => {
    const app = await anAuthorizedApp(server.url, server.deps, alice);
    const noToken = await post(`${server.url}/oauth/account/tokens/${app.grantId}/revoke`, {}, alice.cookie);
    expect(noToken.status).toBe(403);
    const othersToken = await post(`${server.url}/oauth/account/tokens/${app.grantId}/revoke`, { csrf_token: bob.csrf }, alice.cookie);
    expect(othersToken.status).toBe(403);
    const crossSite = await form(alice, `/oauth/account/tokens/${app.grantId}/revoke`, {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await introspect(app.accessToken)).toBe(true);
  });

  it('answers a request the page never makes (a new secret for a public client) with 422, not an error', async () => {
    const spa = (await alice.api.post('/oauth/clients', { name: 'SPA', redirect: 'https://spa.example/cb', confidential: false })).body;
    const res = await form(alice, `/oauth/account/clients/${spa.id}/secret`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('it has no secret');
  });

  it('shows 50 tokens at a time, with a link to the next ones', async () => {
    const carol = await aSignedInUser(server.url, server.deps);
    const personal = (await server.deps.clients.newestPersonalClient())!;
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 51; i++) {
      await server.deps.store.createGrant({
        id: newGrantId(),
        kind: 'personal',
        clientId: personal.id,
        userId: carol.id,
        scopes: [],
        name: `token-${String(i).padStart(2, '0')}`,
        jti: newGrantId(),
        createdAt: now - 1000 + i,
        expiresAt: now + 3600,
        revoked: false,
      });
    }
    const first = await get(account(), carol.cookie);
    expect(first.text.match(/<strong>token-\d\d<\/strong>/g)).toHaveLength(50);
    expect(first.text).not.toContain('token-00');
    const more = /<a href="([^"]+)">More…<\/a>/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    expect(more).toMatch(/^\/oauth\/account\?tokens=[\w-]+#personal-access-tokens$/);
    const second = await get(`${server.url}${more}`, carol.cookie);
    expect(second.text.match(/<strong>token-\d\d<\/strong>/g)).toEqual(['<strong>token-00</strong>']);
  });

  it('shows a mistake at its form, with what was typed, and creates nothing', async () => {
    const badUri = await form(alice, '/oauth/account/clients', { name: 'Fragment <app>', redirect: 'https://app.example/cb#x', confidential: '1' });
    expect(badUri.status).toBe(422);
    expect(badUri.text).toMatch(/role="alert">Redirect URI .* must not contain a fragment/);
    expect(badUri.text).toContain('value="Fragment &lt;app&gt;"');
    const badScope = await form(alice, '/oauth/account/personal-access-tokens', { name: 'x', 'scope:nope': '1' });
    expect(badScope.status).toBe(422);
    expect(badScope.text).toContain('does not exist');
    const longName = await form(alice, '/oauth/account/personal-access-tokens', { name: 'x'.repeat(256) });
    expect(longName.status).toBe(422);
  });
});
