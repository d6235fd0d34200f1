import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../functions/oauth/crypto.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { authorizeUrl, CALLBACK, get, query, signIn } from '../../support/oauth-flow.js';
import { openIdTokens } from '../../support/oidc.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** The OpenID parameters of /oauth/authorize (OIDC Core §3.1.2.1) and the scopes' rules, over HTTP. */
describe('OpenID Connect authentication requests', () => {
  let server: TestServer;
  let scope: string;
  let user: Awaited<ReturnType<typeof aUser>>;
  let client: Awaited<ReturnType<typeof aClient>>;

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
    [user, client] = await Promise.all([aUser(server.deps), aClient(server.deps, { kind: 'confidential' })]);
  });

  const request = (params: Record<string, string>, cookie?: string) =>
    get(authorizeUrl(server.url, { response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK, scope: 'openid', state: 'st', ...params }), cookie);

  it('sends request objects back with request_not_supported and request_uri_not_supported (§6)', async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    expect(query((await request({ request: 'eyJ.e30.' }, cookie)).location)).toMatchObject({ error: 'request_not_supported', state: 'st' });
    expect(query((await request({ request_uri: 'https://rp.example/r' }, cookie)).location)).toMatchObject({ error: 'request_uri_not_supported', state: 'st' });
  });

  it('sends a malformed prompt or max_age back as invalid_request, never a page', async () => {
    const malformed: Record<string, string>[] = [{ prompt: 'none login' }, { prompt: 'sometimes' }, { max_age: '-1' }, { max_age: 'soon' }];
    for (const params of malformed) {
      const answer = await request(params);
      expect(answer.status, JSON.stringify(params)).toBe(302);
      expect(query(answer.location)).toMatchObject({ error: 'invalid_request', state: 'st' });
    }
  });

  it('asks again under prompt=consent though the consent is remembered', async () => {
    const first = await openIdTokens(server.url, client, user); // approves on the consent page
    const again = await request({ prompt: 'consent' }, first.cookie);
    expect(again.status).toBe(200);
    expect(again.text).toContain('name="decision" value="approve"');
    expect((await request({}, first.cookie)).status).toBe(302); // remembered otherwise
  });

  it('prefills the login page from login_hint, also through the seed route', async () => {
    const direct = await request({ login_hint: 'hint@example.com' });
    const login = await get(new URL(direct.location!, server.url).href);
    expect(login.text).toContain('value="hint@example.com"');
    const seeded = await get(`${server.url}/oauth/request?client=${client.client_id}&scope=openid&login_hint=seed@example.com&nonce=n`);
    expect(query(seeded.location)).toMatchObject({ login_hint: 'seed@example.com', nonce: 'n', scope: 'openid' });
  });

  it('carries the nonce, the sign-in time and a session id that is not the cookie into the id_token', async () => {
    const tokens = await openIdTokens(server.url, client, user, { nonce: 'n-0S6_WzA2Mj' });
    const claims = decodeJwt(tokens.body.id_token);
    const cookieValue = tokens.cookie.split('=')[1]!;
    expect(claims).toMatchObject({ iss: server.url, aud: client.client_id, sub: user.id, nonce: 'n-0S6_WzA2Mj' });
    expect(claims.sid).not.toBe(cookieValue);
    expect(claims.sid).not.toBe(sha256(cookieValue));
    expect(claims.auth_time).toBeLessThanOrEqual(claims.iat!);
  });

  it('gives no id_token without openid, and none from a refresh that narrows openid away', async () => {
    expect((await openIdTokens(server.url, client, user, { scope })).body.id_token).toBeUndefined();
    const tokens = await openIdTokens(server.url, client, user, { scope: `openid ${scope}` });
    const narrowed = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, scope }, {
      authorization: basic(client.client_id, client.client_secret!),
    });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.id_token).toBeUndefined();
  });

  it('lets a user restricted by --scopes sign in with openid, but not a client whose --scopes leave it out', async () => {
    const restricted = await aUser(server.deps, { scopes: scope });
    expect((await openIdTokens(server.url, client, restricted, { scope: `openid ${scope}` })).body.id_token).toBeDefined();
    const narrowClient = await aClient(server.deps, { kind: 'confidential', scopes: scope });
    const cookie = await signIn(server.url, user.email, user.password);
    const refused = await get(authorizeUrl(server.url, { response_type: 'code', client_id: narrowClient.client_id, redirect_uri: CALLBACK, scope: 'openid', state: 's' }), cookie);
    expect(query(refused.location)).toMatchObject({ error: 'invalid_scope' });
    const listed = await aClient(server.deps, { kind: 'confidential', scopes: `${scope} openid`, firstParty: true });
    expect((await openIdTokens(server.url, listed, user)).body.id_token).toBeDefined();
  });

  it('refuses openid outside the authorization code flow: client credentials and the password grant', async () => {
    const machine = await aClient(server.deps, { kind: 'client_credentials' });
    const cc = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope: 'openid' }, { authorization: basic(machine.client_id, machine.client_secret!) });
    expect(cc.body.error).toBe('invalid_scope');
    const app = await aClient(server.deps, { kind: 'password' });
    const pw = await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope: 'openid' }, { authorization: basic(app.client_id, app.client_secret!) });
    expect(pw.body.error).toBe('invalid_scope');
  });
});
