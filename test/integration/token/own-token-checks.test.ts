import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { api, aSignedInUser, anAuthorizedApp, type SignedInUser } from '../../support/management.js';
import { tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue #10, finding 8: the verifier behind introspection and the management API checks what
 * RFC 9068 §4 asks of a resource server — `aud` is the configured audience, and `iat` is not
 * in the future (beyond a minute of clock skew) — not only the signature, `iss` and `exp`.
 */
describe('the checks of our own access tokens (RFC 9068 §4)', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let app: Awaited<ReturnType<typeof anAuthorizedApp>>;

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'read', 'Read your data');
    alice = await aSignedInUser(server.url, server.deps);
    app = await anAuthorizedApp(server.url, server.deps, alice, { firstParty: true, scope: 'connect:account read' });
  });

  /** A token signed with the server's own key, like the app's but with some claims changed. */
  async function forged(changes: { aud?: string; iatOffset?: number }): Promise<string> {
    const { kid, key } = await server.deps.keys.signer();
    const now = Math.floor(Date.now() / 1000);
    const iat = now + (changes.iatOffset ?? 0);
    return new SignJWT({ client_id: app.client.client_id, scope: 'connect:account read', gid: app.grantId })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
      .setIssuer(server.url)
      .setSubject(alice.id)
      .setAudience(changes.aud ?? server.url)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
  }

  const introspect = async (token: string) =>
    (await postForm(`${server.url}/oauth/introspect`, { token }, { authorization: basic(app.client.client_id, app.client.client_secret!) })).body;
  const manage = async (token: string) => (await api(server.url, { bearer: token }).get('/oauth/tokens')).status;

  it('accepts a token of ours with the configured audience, issued now or within the clock skew', async () => {
    for (const token of [await forged({}), await forged({ iatOffset: 30 })]) {
      expect(await introspect(token)).toMatchObject({ active: true, aud: server.url });
      expect(await manage(token)).toBe(200);
    }
  });

  it('treats a token signed by us for another audience as inactive, and refuses it on the management API', async () => {
    const token = await forged({ aud: 'https://another-api.example' });
    expect(await introspect(token)).toEqual({ active: false });
    expect(await manage(token)).toBe(401);
  });

  it('treats a token issued in the future (beyond a minute of skew) as inactive, and refuses it on the management API', async () => {
    const token = await forged({ iatOffset: 3600 });
    expect(await introspect(token)).toEqual({ active: false });
    expect(await manage(token)).toBe(401);
  });

  it('lets a client revoke only tokens that pass the same checks: a future one stays an unknown token (200, nothing written)', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const future = await forged({ iatOffset: 3600 });
    const before = await tableContents(server.deps);
    const res = await postForm(`${server.url}/oauth/revoke`, { token: future }, {
      authorization: basic(service.client_id, service.client_secret!),
    });
    // Not "unauthorized_client" (the token names another client): it is no token of ours at all.
    expect(res.status).toBe(200);
    expect(await tableContents(server.deps)).toBe(before);
  });
});
