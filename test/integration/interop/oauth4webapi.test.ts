import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { CALLBACK, signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * A strict, spec-checking third-party client library (oauth4webapi) against the server: it
 * validates discovery, every token response, the RFC 9207 `iss` of authorization responses,
 * RFC 9068 access tokens as a resource server would, introspection and revocation.
 */
describe('interoperability with oauth4webapi', () => {
  let server: TestServer;
  let as: oauth.AuthorizationServer;
  let scope: string;
  let user: { email: string; password: string };
  const http = { [oauth.allowInsecureRequests]: true } as const; // the local server is http://localhost

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
    user = await aUser(server.deps);
    const issuer = new URL(server.url);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...http, algorithm: 'oauth2' }));
  });

  it('gets client-credentials tokens with Basic and with body authentication, valid RFC 9068 JWTs', async () => {
    const created = await aClient(server.deps, { kind: 'client_credentials' });
    const client = { client_id: created.client_id };
    for (const auth of [oauth.ClientSecretBasic(created.client_secret!), oauth.ClientSecretPost(created.client_secret!)]) {
      const res = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope }, http);
      const tokens = await oauth.processClientCredentialsResponse(as, client, res);
      const request = new Request('https://api.example.com/orders', { headers: { authorization: `Bearer ${tokens.access_token}` } });
      const claims = await oauth.validateJwtAccessToken(as, request, server.url, http);
      expect(claims).toMatchObject({ client_id: created.client_id, scope, sub: created.client_id });
    }
  });

  it('runs the password grant, a refresh, introspection and revocation', async () => {
    const created = await aClient(server.deps, { kind: 'password' });
    const client = { client_id: created.client_id };
    const auth = oauth.ClientSecretBasic(created.client_secret!);
    const first = await oauth.processGenericTokenEndpointResponse(
      as,
      client,
      await oauth.genericTokenEndpointRequest(as, client, auth, 'password', { username: user.email, password: user.password, scope }, http),
    );
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, http),
    );
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    const active = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, http));
    expect(active).toMatchObject({ active: true, client_id: created.client_id, scope });
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, http));
    const revoked = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, http));
    expect(revoked.active).toBe(false);
  });

  it('surfaces a wrong secret as the 401 challenge it is', async () => {
    const created = await aClient(server.deps, { kind: 'client_credentials' });
    const client = { client_id: created.client_id };
    const res = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic('wrong'), {}, http);
    await expect(oauth.processClientCredentialsResponse(as, client, res)).rejects.toMatchObject({ status: 401 });
  });

  it('completes the authorization-code flow with PKCE for a public and a confidential client, checking iss', async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    const spa = await aClient(server.deps, { kind: 'public', firstParty: true });
    const web = await aClient(server.deps, { kind: 'confidential', firstParty: true });
    for (const [created, auth] of [
      [spa, oauth.None()],
      [web, oauth.ClientSecretBasic(web.client_secret!)],
    ] as const) {
      const client = { client_id: created.client_id };
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        client_id: created.client_id,
        redirect_uri: CALLBACK,
        response_type: 'code',
        scope,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }).toString();
      const answer = await fetch(url, { redirect: 'manual', headers: { cookie } });
      const params = oauth.validateAuthResponse(as, client, new URL(answer.headers.get('location')!), state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, params, CALLBACK, verifier, http),
      );
      expect(tokens).toMatchObject({ token_type: 'bearer', scope });
      expect(tokens.refresh_token).toBeTruthy();
    }
  });
});
