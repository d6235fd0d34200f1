import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../../../functions/oauth/crypto.js';
import { ItemType, keys } from '../../../functions/store/keys.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { authorizeUrl, CALLBACK, get, pkcePair, query, signIn, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('GET /oauth/authorize', () => {
  let server: TestServer;
  let read: string;
  let client: { client_id: string };
  let publicClient: { client_id: string };
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps, undefined, 'Read your data')).name;
    client = await aClient(server.deps, { kind: 'confidential' });
    publicClient = await aClient(server.deps, { kind: 'public' });
    const user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
  });

  const valid = () => ({ response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK, state: 's-1', scope: read });

  /** An error page: HTML, the given status, no redirect anywhere, and nothing written. */
  async function expectErrorPage(params: Record<string, string>, status: number, text: RegExp) {
    const before = await tableContents(server.deps);
    const res = await get(authorizeUrl(server.url, params), cookie);
    expect(res.status).toBe(status);
    expect(res.location).toBeUndefined();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(text);
    expect(await tableContents(server.deps)).toBe(before);
  }

  /** An RFC 6749 §4.1.2.1 error redirect to the client, with state and iss, and nothing written. */
  async function expectErrorRedirect(params: Record<string, string>, error: string) {
    const before = await tableContents(server.deps);
    const res = await get(authorizeUrl(server.url, params), cookie);
    expect(res.status).toBe(302);
    expect(res.location!.startsWith(`${CALLBACK}?`)).toBe(true);
    const answer = query(res.location);
    expect(answer).toMatchObject({ error, iss: server.url });
    expect(answer.code).toBeUndefined();
    if (params.state) expect(answer.state).toBe(params.state);
    expect(await tableContents(server.deps)).toBe(before);
    return answer;
  }

  it('shows an error page, never a redirect, for an unknown client', async () => {
    await expectErrorPage({ ...valid(), client_id: 'no-such-client' }, 400, /invalid_client/);
  });

  it('shows an error page for a request without client_id', async () => {
    const { client_id: _omit, ...rest } = valid();
    await expectErrorPage(rest, 400, /client_id/);
  });

  it('shows an error page for a redirect URI that is not registered, even one differing only by a slash', async () => {
    await expectErrorPage({ ...valid(), redirect_uri: 'https://evil.example/callback' }, 400, /redirect_uri/);
    await expectErrorPage({ ...valid(), redirect_uri: `${CALLBACK}/` }, 400, /redirect_uri/);
  });

  it('shows an error page for a missing redirect URI', async () => {
    const { redirect_uri: _omit, ...rest } = valid();
    await expectErrorPage(rest, 400, /redirect_uri/);
  });

  it('checks the client before the session: an unknown client gets the error page, not the login redirect', async () => {
    const res = await get(authorizeUrl(server.url, { ...valid(), client_id: 'nobody' }));
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
  });

  it('shows an error page for a revoked client', async () => {
    const revoked = await aClient(server.deps, { kind: 'confidential' });
    await server.deps.clients.revoke(revoked.client_id);
    await expectErrorPage({ ...valid(), client_id: revoked.client_id }, 400, /invalid_client/);
  });

  it('redirects unsupported_response_type back to the client with state and iss', async () => {
    await expectErrorRedirect({ ...valid(), response_type: 'token' }, 'unsupported_response_type');
  });

  it('redirects invalid_request for a missing response_type', async () => {
    const { response_type: _omit, ...rest } = valid();
    await expectErrorRedirect(rest, 'invalid_request');
  });

  it('redirects invalid_scope for an unknown scope and for a scope beyond the client', async () => {
    await expectErrorRedirect({ ...valid(), scope: 'no-such-scope' }, 'invalid_scope');
    const other = (await aScope(server.deps)).name;
    const limited = await aClient(server.deps, { kind: 'confidential', scopes: read });
    await expectErrorRedirect({ ...valid(), client_id: limited.client_id, scope: other }, 'invalid_scope');
  });

  it("redirects invalid_scope for a scope beyond the signed-in user's permissions", async () => {
    const other = (await aScope(server.deps)).name;
    const user = await aUser(server.deps, { scopes: read });
    const narrow = await signIn(server.url, user.email, user.password);
    const before = await tableContents(server.deps);
    const res = await get(authorizeUrl(server.url, { ...valid(), scope: other }), narrow);
    expect(query(res.location)).toMatchObject({ error: 'invalid_scope', state: 's-1' });
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('redirects invalid_request when a public client sends no PKCE challenge', async () => {
    const answer = await expectErrorRedirect({ ...valid(), client_id: publicClient.client_id }, 'invalid_request');
    expect(answer.error_description).toMatch(/PKCE/);
  });

  it('redirects invalid_request for the plain PKCE method, a missing method and a malformed challenge', async () => {
    const { challenge } = pkcePair();
    const pub = { ...valid(), client_id: publicClient.client_id };
    await expectErrorRedirect({ ...pub, code_challenge: challenge, code_challenge_method: 'plain' }, 'invalid_request');
    await expectErrorRedirect({ ...pub, code_challenge: challenge }, 'invalid_request');
    await expectErrorRedirect({ ...pub, code_challenge: 'too-short', code_challenge_method: 'S256' }, 'invalid_request');
  });

  it('answers a repeated parameter with an error page (RFC 6749 §3.1)', async () => {
    const url = `${authorizeUrl(server.url, valid())}&client_id=${client.client_id}`;
    const res = await get(url, cookie);
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
  });

  it('sends a visitor without a session to the login page, coming back to the same request', async () => {
    const res = await get(authorizeUrl(server.url, valid()));
    expect(res.status).toBe(302);
    const login = new URL(res.location!);
    expect(login.origin + login.pathname).toBe(`${server.url}/oauth/login`);
    const back = new URL(login.searchParams.get('return_to')!, server.url);
    expect(back.pathname).toBe('/oauth/authorize');
    expect(Object.fromEntries(back.searchParams)).toEqual(valid());
  });

  it('treats a tampered session cookie as no session: login redirect, cookie cleared, nothing written', async () => {
    const before = await tableContents(server.deps);
    const [name, value] = cookie.split('=') as [string, string];
    const tampered = `${name}=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    const res = await get(authorizeUrl(server.url, valid()), tampered);
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/\/oauth\/login\?return_to=/);
    expect(res.headers.getSetCookie().join()).toMatch(/connect_session=; Max-Age=0/);
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('treats an expired session as none, even before TTL deletes it: login redirect, nothing written', async () => {
    const user = await aUser(server.deps);
    const id = randomToken();
    const past = Math.floor(Date.now() / 1000) - 1;
    const session = { digest: sha256(id), userId: user.id, email: user.email, createdAt: past - 3600, expiresAt: past };
    await server.deps.table.doc.send(
      new PutCommand({ TableName: server.deps.table.tableName, Item: { ...keys.session(session.digest), type: ItemType.session, ...session, ttl: past } }),
    );
    const before = await tableContents(server.deps);
    const res = await get(authorizeUrl(server.url, valid()), `connect_session=${id}`);
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/\/oauth\/login\?return_to=/);
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('shows the consent page with the security headers of SPEC §4 and issue 3', async () => {
    const res = await get(authorizeUrl(server.url, valid()), cookie);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/form-action 'self' http:\/\/localhost:9999/);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toMatch(/<meta name="viewport"/);
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!localhost)/);
  });
});
