import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aResource, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { authorizeAndApprove, authorizeUrl, CALLBACK, get, pkcePair, query, signIn, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { decide, poll, startDevice } from '../../support/device-flow.js';
import { DEVICE_CODE_GRANT } from '../../../functions/oauth/ports.js';

/** RFC 8707 resource indicators (SPEC §9): a token bound to one registered resource, or refused. */
describe('resource indicators', () => {
  let server: TestServer;
  let read: string;
  let write: string;
  let api: { uri: string };
  let readOnlyApi: { uri: string };
  let user: { email: string; password: string };
  let cookie: string;
  let web: { client_id: string; client_secret?: string };
  let app: { client_id: string };
  let machine: { client_id: string; client_secret?: string };
  let mobile: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    write = (await aScope(server.deps)).name;
    api = await aResource(server.deps, { name: 'Orders API' });
    readOnlyApi = await aResource(server.deps, { scopes: read });
    user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
    web = await aClient(server.deps, { kind: 'confidential' });
    app = await aClient(server.deps, { kind: 'public' });
    machine = await aClient(server.deps, { kind: 'client_credentials' });
    mobile = await aClient(server.deps, { kind: 'password' });
  });

  const token = (client: { client_id: string; client_secret?: string }, params: Record<string, string>) =>
    postForm(`${server.url}/oauth/token`, params, client.client_secret ? { authorization: basic(client.client_id, client.client_secret) } : {});
  const aud = (accessToken: string) => decodeJwt(accessToken).aud;

  async function codeFor(extra: Record<string, string>) {
    const pkce = pkcePair();
    const params = { response_type: 'code', client_id: app.client_id, redirect_uri: CALLBACK, scope: read, code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra };
    const answer = await authorizeAndApprove(server.url, cookie, params);
    return { code: answer.code!, verifier: pkce.verifier };
  }
  const redeem = (code: { code: string; verifier: string }, extra: Record<string, string> = {}) =>
    token(app, { grant_type: 'authorization_code', client_id: app.client_id, code: code.code, redirect_uri: CALLBACK, code_verifier: code.verifier, ...extra });

  describe('the authorization code flow', () => {
    it('binds the token to the resource the request named: its aud, kept by every refresh', async () => {
      const res = await redeem(await codeFor({ resource: api.uri }));
      expect(res.status).toBe(200);
      expect(aud(res.body.access_token)).toBe(api.uri);
      const refreshed = await token(app, { grant_type: 'refresh_token', client_id: app.client_id, refresh_token: res.body.refresh_token });
      expect(refreshed.status).toBe(200);
      expect(aud(refreshed.body.access_token)).toBe(api.uri);
      const repeated = await token(app, { grant_type: 'refresh_token', client_id: app.client_id, refresh_token: refreshed.body.refresh_token, resource: api.uri });
      expect(aud(repeated.body.access_token)).toBe(api.uri);
    });

    it('refuses a refresh that names another resource with invalid_target, the refresh token still usable', async () => {
      const res = await redeem(await codeFor({ resource: api.uri }));
      const changed = await token(app, { grant_type: 'refresh_token', client_id: app.client_id, refresh_token: res.body.refresh_token, resource: readOnlyApi.uri });
      expect(changed.status).toBe(400);
      expect(changed.body.error).toBe('invalid_target');
      const kept = await token(app, { grant_type: 'refresh_token', client_id: app.client_id, refresh_token: res.body.refresh_token });
      expect(kept.status).toBe(200);
    });

    it('accepts the code with the same resource repeated, and refuses one naming another or none authorized', async () => {
      expect(aud((await redeem(await codeFor({ resource: api.uri }), { resource: api.uri })).body.access_token)).toBe(api.uri);
      const other = await redeem(await codeFor({ resource: api.uri }), { resource: readOnlyApi.uri });
      expect(other.status).toBe(400);
      expect(other.body.error).toBe('invalid_target');
      const unbound = await redeem(await codeFor({}), { resource: api.uri });
      expect(unbound.body.error).toBe('invalid_target');
    });

    it('gives a token without resource the default audience (the issuer)', async () => {
      const res = await redeem(await codeFor({}));
      expect(aud(res.body.access_token)).toBe(server.url);
    });

    it('names the resource on the consent page', async () => {
      const fresh = await aClient(server.deps, { kind: 'confidential' });
      const page = await get(authorizeUrl(server.url, { response_type: 'code', client_id: fresh.client_id, redirect_uri: CALLBACK, scope: read, resource: api.uri }), cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Orders API');
      expect(page.text).toContain(api.uri);
    });

    it.each([
      ['unknown', (uri: string) => `${uri}/elsewhere`],
      ['relative', () => '/mcp'],
      ['with a fragment', (uri: string) => `${uri}#part`],
      ['not a URI', () => 'not a uri'],
    ])('answers an %s resource with invalid_target at the redirect URI, writing nothing', async (_what, make) => {
      const before = await tableContents(server.deps);
      const res = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, state: 's1', resource: make(api.uri) }), cookie);
      expect(res.status).toBe(302);
      expect(query(res.location)).toMatchObject({ error: 'invalid_target', state: 's1', iss: server.url });
      expect(await tableContents(server.deps)).toBe(before);
    });

    it('answers two resources with invalid_target at the redirect URI', async () => {
      const url = `${authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK })}&resource=${encodeURIComponent(api.uri)}&resource=${encodeURIComponent(readOnlyApi.uri)}`;
      const res = await get(url, cookie);
      expect(query(res.location).error).toBe('invalid_target');
    });

    it('checks the client and redirect URI first: an unknown resource with a wrong redirect URI gets an error page', async () => {
      const res = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: 'https://evil.example/cb', resource: 'https://nowhere.example/' }), cookie);
      expect(res.status).toBe(400);
      expect(res.location).toBeUndefined();
    });

    it('refuses scopes beyond the resource\'s list with invalid_scope', async () => {
      const res = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope: `${read} ${write}`, resource: readOnlyApi.uri }), cookie);
      expect(query(res.location).error).toBe('invalid_scope');
      const within = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope: read, resource: readOnlyApi.uri }), cookie);
      expect(within.status).toBe(200);
    });
  });

  describe('the password and client credentials grants', () => {
    it('bind the token to the resource named', async () => {
      const cc = await token(machine, { grant_type: 'client_credentials', scope: read, resource: api.uri });
      expect(aud(cc.body.access_token)).toBe(api.uri);
      const pw = await token(mobile, { grant_type: 'password', username: user.email, password: user.password, resource: readOnlyApi.uri, scope: read });
      expect(pw.status).toBe(200);
      expect(aud(pw.body.access_token)).toBe(readOnlyApi.uri);
      const refreshed = await token(mobile, { grant_type: 'refresh_token', refresh_token: pw.body.refresh_token });
      expect(aud(refreshed.body.access_token)).toBe(readOnlyApi.uri);
    });

    it.each([
      ['unknown', 'https://nowhere.example/api'],
      ['relative', 'api/orders'],
      ['with a fragment', 'https://api.example/#x'],
      ['two of them', 'https://a.example/ https://b.example/'],
    ])('refuse an %s resource with invalid_target', async (_what, resource) => {
      const cc = await token(machine, { grant_type: 'client_credentials', resource });
      expect(cc.status).toBe(400);
      expect(cc.body.error).toBe('invalid_target');
      const pw = await token(mobile, { grant_type: 'password', username: user.email, password: user.password, resource });
      expect(pw.body.error).toBe('invalid_target');
    });

    it('refuse a repeated resource parameter with invalid_target', async () => {
      const body = `grant_type=client_credentials&resource=${encodeURIComponent(api.uri)}&resource=${encodeURIComponent(readOnlyApi.uri)}`;
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(machine.client_id, machine.client_secret!) },
        body,
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_target');
    });

    it('refuse scopes beyond the resource\'s list with invalid_scope', async () => {
      const cc = await token(machine, { grant_type: 'client_credentials', scope: write, resource: readOnlyApi.uri });
      expect(cc.body.error).toBe('invalid_scope');
    });

    it('tell a client about its credentials before its resource', async () => {
      const res = await token({ client_id: machine.client_id, client_secret: 'wrong' }, { grant_type: 'client_credentials', resource: 'https://nowhere.example/' });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    });
  });

  describe('the device authorization grant', () => {
    it('binds the token to the resource /oauth/device/code named, and refuses a poll naming another', async () => {
      const device = await aClient(server.deps, { kind: 'device' });
      const started = await startDevice(server.url, device, { scope: read, resource: readOnlyApi.uri });
      expect(started.status).toBe(200);
      const other = await postForm(
        `${server.url}/oauth/token`,
        { grant_type: DEVICE_CODE_GRANT, device_code: started.body.device_code, resource: api.uri },
        { authorization: basic(device.client_id, device.client_secret!) },
      );
      expect(other.body.error).toBe('invalid_target');
      await decide(server.url, cookie, started.body.user_code, 'approve');
      const issued = await poll(server.url, device, started.body.device_code);
      expect(issued.status).toBe(200);
      expect(aud(issued.body.access_token)).toBe(readOnlyApi.uri);
    });

    it.each([
      ['unknown', 'https://nowhere.example/api'],
      ['with a fragment', 'https://api.example/#x'],
    ])('refuses an %s resource at /oauth/device/code with invalid_target', async (_what, resource) => {
      const device = await aClient(server.deps, { kind: 'device' });
      const res = await startDevice(server.url, device, { resource });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_target');
      const beyond = await startDevice(server.url, device, { scope: write, resource: readOnlyApi.uri });
      expect(beyond.body.error).toBe('invalid_scope');
    });
  });

  describe('tokens bound to a resource elsewhere at Connect', () => {
    it('introspect as active, with the resource as aud', async () => {
      const introspector = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
      const cc = await token(machine, { grant_type: 'client_credentials', resource: api.uri });
      const res = await postForm(`${server.url}/oauth/introspect`, { token: cc.body.access_token }, { authorization: basic(introspector.client_id, introspector.client_secret!) });
      expect(res.body).toMatchObject({ active: true, aud: api.uri, client_id: machine.client_id });
    });

    it('can be revoked by their client, and then introspect as inactive', async () => {
      const introspector = await aClient(server.deps, { kind: 'client_credentials', introspect: true });
      const cc = await token(machine, { grant_type: 'client_credentials', resource: api.uri });
      const revoked = await postForm(`${server.url}/oauth/revoke`, { token: cc.body.access_token }, { authorization: basic(machine.client_id, machine.client_secret!) });
      expect(revoked.status).toBe(200);
      const res = await postForm(`${server.url}/oauth/introspect`, { token: cc.body.access_token }, { authorization: basic(introspector.client_id, introspector.client_secret!) });
      expect(res.body).toEqual({ active: false });
    });

    it('introspect a refresh token with the resource of its grant as aud', async () => {
      const pw = await token(mobile, { grant_type: 'password', username: user.email, password: user.password, resource: api.uri });
      const res = await postForm(`${server.url}/oauth/introspect`, { token: pw.body.refresh_token }, { authorization: basic(mobile.client_id, mobile.client_secret!) });
      expect(res.body).toMatchObject({ active: true, token_type: 'refresh_token', aud: api.uri });
    });

    it('are refused by the management API: they are not for Connect', async () => {
      const admin = await aClient(server.deps, { kind: 'password', firstParty: true });
      const pw = (resource?: string) =>
        token(admin, { grant_type: 'password', username: user.email, password: user.password, scope: 'connect:account', ...(resource ? { resource } : {}) });
      const bound = await pw(api.uri);
      expect(bound.status).toBe(200);
      const refused = await fetch(`${server.url}/oauth/clients`, { headers: { authorization: `Bearer ${bound.body.access_token}` } });
      expect(refused.status).toBe(401);
      const ours = await pw();
      const accepted = await fetch(`${server.url}/oauth/clients`, { headers: { authorization: `Bearer ${ours.body.access_token}` } });
      expect(accepted.status).toBe(200);
    });
  });
});
