import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { getJson, postForm } from '../../support/http.js';
import { openIdTokens } from '../../support/oidc.js';
import { ReadRecorder } from '../../support/reads.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** GET/POST /oauth/userinfo (OIDC Core §5.3) and its RFC 6750 errors. */
describe('the userinfo endpoint', () => {
  let server: TestServer;
  let client: Awaited<ReturnType<typeof aClient>>;
  let user: Awaited<ReturnType<typeof aUser>>;
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
    [client, user] = await Promise.all([aClient(server.deps, { kind: 'confidential', firstParty: true }), aUser(server.deps)]);
  });

  const userinfo = (token: string) => getJson(`${server.url}/oauth/userinfo`, { authorization: `Bearer ${token}` });

  it('releases sub alone with openid, name and updated_at with profile, email and email_verified with email', async () => {
    const bare = await openIdTokens(server.url, client, user);
    expect((await userinfo(bare.body.access_token)).body).toEqual({ sub: user.id });
    const full = await openIdTokens(server.url, client, user, { scope: 'openid profile email' });
    const answer = await userinfo(full.body.access_token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({ sub: user.id, name: user.name, updated_at: expect.any(Number), email: user.email, email_verified: false });
  });

  it('takes the token in a POST form body (RFC 6750 §2.2), but not in the header and the body at once', async () => {
    const tokens = await openIdTokens(server.url, client, user);
    expect((await postForm(`${server.url}/oauth/userinfo`, { access_token: tokens.body.access_token })).body).toEqual({ sub: user.id });
    const both = await postForm(`${server.url}/oauth/userinfo`, { access_token: tokens.body.access_token }, { authorization: `Bearer ${tokens.body.access_token}` });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
  });

  it('answers no token with 401 and a bare Bearer challenge, a bad one with invalid_token (RFC 6750 §3.1)', async () => {
    const none = await getJson(`${server.url}/oauth/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    for (const token of ['not-a-token', 'a.b.c']) {
      const bad = await userinfo(token);
      expect(bad.status).toBe(401);
      expect(bad.body.error).toBe('invalid_token');
      expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('answers a token without openid with 403 insufficient_scope', async () => {
    const tokens = await openIdTokens(server.url, client, user, { scope });
    const answer = await userinfo(tokens.body.access_token);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe('insufficient_scope');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope".*scope="openid"/);
  });

  it('refuses a token once it is revoked, and once its grant is', async () => {
    const revoke = (token: string) => postForm(`${server.url}/oauth/revoke`, { token, client_id: client.client_id, client_secret: client.client_secret! });
    const first = await openIdTokens(server.url, client, user);
    await revoke(first.body.access_token);
    expect((await userinfo(first.body.access_token)).body.error).toBe('invalid_token');
    const second = await openIdTokens(server.url, client, user);
    await revoke(second.body.refresh_token);
    expect((await userinfo(second.body.access_token)).status).toBe(401);
  });

  it('reads the token’s client, grant and deny-list entry in one BatchGetItem, beside one query for the user', async () => {
    const tokens = await openIdTokens(server.url, client, user, { scope: 'openid email' });
    await userinfo(tokens.body.access_token); // the key set is now cached in this container
    const recorder = new ReadRecorder().attach(server.deps.table.doc as never);
    recorder.take();
    expect((await userinfo(tokens.body.access_token)).body.email).toBe(user.email);
    const reads = recorder.take().map((r) => r.operation).sort();
    expect(reads).toEqual(['BatchGetItem', 'Query']);
  });
});
