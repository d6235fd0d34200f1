import { beforeAll, describe, expect, it } from 'vitest';
import { aScope } from '../../support/fixtures.js';
import { getJson } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('discovery and the JWKS', () => {
  let server: TestServer;
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
  });

  it('serves the RFC 8414 metadata at both well-known addresses, the OpenID one with the OpenID Provider fields added', async () => {
    const oauth = await getJson(`${server.url}/.well-known/oauth-authorization-server`);
    const openid = await getJson(`${server.url}/.well-known/openid-configuration`);
    expect(oauth.status).toBe(200);
    // OpenID Connect Discovery §3 (SPEC §10): the same document, plus what OpenID requires.
    const { scopes_supported: openidScopes, ...openidRest } = openid.body;
    const { scopes_supported: oauthScopes, ...oauthRest } = oauth.body;
    expect(openidRest).toMatchObject(oauthRest);
    expect(openidScopes).toEqual([...oauthScopes, 'email', 'openid', 'profile'].sort());
    expect(openid.body).toMatchObject({ subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] });
    expect(oauth.body).toMatchObject({
      issuer: server.url,
      token_endpoint: `${server.url}/oauth/token`,
      jwks_uri: `${server.url}/oauth/jwks`,
      authorization_endpoint: `${server.url}/oauth/authorize`,
      revocation_endpoint: `${server.url}/oauth/revoke`,
      introspection_endpoint: `${server.url}/oauth/introspect`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(oauth.body.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'password', 'client_credentials', 'refresh_token']),
    );
    expect(oauth.body.scopes_supported).toContain(scope);
  });

  it('publishes RSA public keys only', async () => {
    const jwks = await getJson(`${server.url}/oauth/jwks`);
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
    for (const key of jwks.body.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
  });
});
