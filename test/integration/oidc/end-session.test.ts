import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../../functions/clock.js';
import { aClient, aUser } from '../../support/fixtures.js';
import { CALLBACK, formFields, get, post } from '../../support/oauth-flow.js';
import { aSignedInUser } from '../../support/management.js';
import { openIdTokens } from '../../support/oidc.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** RP-Initiated Logout 1.0 at /oauth/end-session: what ends a session, and what never redirects. */
describe('the end-session endpoint', () => {
  let server: TestServer;
  let client: Awaited<ReturnType<typeof aClient>>;
  let user: Awaited<ReturnType<typeof aUser>>;
  const LOGGED_OUT = 'http://localhost:9999/logged-out';

  beforeAll(async () => {
    server = await startTestServer();
    [client, user] = await Promise.all([
      aClient(server.deps, { kind: 'confidential', firstParty: true, postLogoutRedirectUris: [LOGGED_OUT] }),
      aUser(server.deps),
    ]);
  });

  const endSession = (params: Record<string, string>, cookie?: string) => get(`${server.url}/oauth/end-session?${new URLSearchParams(params)}`, cookie);
  /** Whether the cookie still names a live session: the first-party client gets a code without a login. */
  const signedIn = async (cookie: string) =>
    (await get(`${server.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK })}`, cookie)).location?.startsWith(CALLBACK);

  it('ends the session named by a valid id_token_hint and returns to the registered URI with the state', async () => {
    const { body, cookie } = await openIdTokens(server.url, client, user);
    const answer = await endSession({ id_token_hint: body.id_token, post_logout_redirect_uri: LOGGED_OUT, state: 'a b&c' }, cookie);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`${LOGGED_OUT}?state=a%20b%26c`);
    expect(answer.headers.getSetCookie().join()).toMatch(/connect_session=;/);
    expect(await signedIn(cookie)).toBe(false);
  });

  it('accepts an expired id_token of ours as the hint (§4), and shows the signed-out page without a return URI', async () => {
    const { cookie } = await openIdTokens(server.url, client, user);
    const { kid, key } = await server.deps.keys.signer();
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(server.url).setSubject(user.id).setAudience(client.client_id)
      .setIssuedAt(nowSeconds() - 7200).setExpirationTime(nowSeconds() - 3600).sign(key);
    const answer = await endSession({ id_token_hint: expired }, cookie);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('You have signed out');
    expect(await signedIn(cookie)).toBe(false);
  });

  it('refuses an unregistered post_logout_redirect_uri with an error page, never a redirect, and keeps the session', async () => {
    const { body, cookie } = await openIdTokens(server.url, client, user);
    for (const uri of [`${LOGGED_OUT}/`, 'https://evil.example/', CALLBACK]) {
      const answer = await endSession({ id_token_hint: body.id_token, post_logout_redirect_uri: uri }, cookie);
      expect(answer.status, uri).toBe(400);
      expect(answer.location).toBeUndefined();
    }
    expect(await signedIn(cookie)).toBe(true);
  });

  it('refuses a hint that is not an ID Token of ours: forged, of another issuer, or an access token', async () => {
    const { body, cookie } = await openIdTokens(server.url, client, user);
    const { kid, key } = await server.deps.keys.signer();
    const foreign = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid }).setIssuer('https://other.example').setSubject(user.id).setAudience(client.client_id).sign(key);
    const [h, p] = body.id_token.split('.');
    for (const hint of [`${h}.${p}.AAAA`, foreign, body.access_token, 'garbage']) {
      const answer = await endSession({ id_token_hint: hint, post_logout_redirect_uri: LOGGED_OUT }, cookie);
      expect(answer.status).toBe(400);
      expect(answer.location).toBeUndefined();
    }
    expect(await signedIn(cookie)).toBe(true);
  });

  it('asks before signing out when no hint names the user, and a forged confirmation is refused', async () => {
    const { cookie } = await openIdTokens(server.url, client, user);
    const ask = await endSession({ client_id: client.client_id, post_logout_redirect_uri: LOGGED_OUT, state: 's' }, cookie);
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Sign out?');
    expect(await signedIn(cookie)).toBe(true);
    const fields = formFields(ask.text, '/oauth/end-session');
    const forged = await post(`${server.url}/oauth/end-session`, { ...fields, csrf_token: 'forged' }, cookie);
    expect(forged.status).toBe(403);
    expect(await signedIn(cookie)).toBe(true);
    const confirmed = await post(`${server.url}/oauth/end-session`, fields, cookie);
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`${LOGGED_OUT}?state=s`);
    expect(await signedIn(cookie)).toBe(false);
  });

  it('takes post-logout redirect URIs from the management API, and refuses one that is not a valid redirect URI', async () => {
    const owner = await aSignedInUser(server.url, server.deps);
    const create = async (body: Record<string, unknown>) => owner.api.post('/oauth/clients', body);
    const created = await create({ name: 'Notes', redirect: CALLBACK, post_logout_redirect_uris: [LOGGED_OUT] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ post_logout_redirect_uris: [LOGGED_OUT] });
    const refused = await create({ name: 'Notes', redirect: CALLBACK, post_logout_redirect_uris: ['http://evil.example/out'] });
    expect(refused.status).toBe(422);
  });
});
