import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../../../functions/oauth/crypto.js';
import { ItemType, keys } from '../../../functions/store/keys.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { verifyWithJwks } from '../../support/jwt.js';
import { authorizeAndApprove, CALLBACK, pkcePair, signIn, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

interface TestClient {
  client_id: string;
  client_secret?: string;
}

describe('redeeming an authorization code at POST /oauth/token', () => {
  let server: TestServer;
  let read: string;
  let user: { id: string; email: string };
  let cookie: string;
  let confidential: TestClient;
  let publicClient: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    const created = await aUser(server.deps);
    user = created;
    cookie = await signIn(server.url, created.email, created.password);
    confidential = await aClient(server.deps, { kind: 'confidential', firstParty: true });
    publicClient = await aClient(server.deps, { kind: 'public', firstParty: true });
  });

  async function codeFor(client: TestClient, extra: Record<string, string> = {}): Promise<string> {
    const answer = await authorizeAndApprove(server.url, cookie, {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: CALLBACK,
      state: 'abc',
      scope: read,
      ...extra,
    });
    if (!answer.code) throw new Error(`no code: ${JSON.stringify(answer)}`);
    return answer.code;
  }

  const exchange = (client: TestClient, params: Record<string, string>) =>
    postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'authorization_code', redirect_uri: CALLBACK, ...params, ...(client.client_secret ? {} : { client_id: client.client_id }) },
      client.client_secret ? { authorization: basic(client.client_id, client.client_secret) } : {},
    );

  const introspect = (token: string) =>
    postForm(`${server.url}/oauth/introspect`, { token }, { authorization: basic(confidential.client_id, confidential.client_secret!) });

  async function expectInvalidGrantWritingNothing(client: TestClient, params: Record<string, string>, error = 'invalid_grant') {
    const before = await tableContents(server.deps);
    const res = await exchange(client, params);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(await tableContents(server.deps)).toBe(before);
  }

  it('gives a confidential client an access token that verifies, a refresh token that works, and the approved scope', async () => {
    const res = await exchange(confidential, { code: await codeFor(confidential) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: read });
    const { payload } = await verifyWithJwks(server.url, res.body.access_token);
    expect(payload).toMatchObject({ sub: user.id, client_id: confidential.client_id, scope: read, iss: server.url });
    const refreshed = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: res.body.refresh_token },
      { authorization: basic(confidential.client_id, confidential.client_secret!) },
    );
    expect(refreshed.status).toBe(200);
  });

  it('refuses a missing or different redirect_uri', async () => {
    const code = await codeFor(confidential);
    await expectInvalidGrantWritingNothing(confidential, { code, redirect_uri: `${CALLBACK}?x=1` });
    await expectInvalidGrantWritingNothing(confidential, { code, redirect_uri: '' });
    expect((await exchange(confidential, { code })).status).toBe(200);
  });

  it("refuses another client's code, which stays usable by its own client", async () => {
    const code = await codeFor(confidential);
    const other = await aClient(server.deps, { kind: 'confidential' });
    await expectInvalidGrantWritingNothing(other, { code });
    expect((await exchange(confidential, { code })).status).toBe(200);
  });

  it('refuses an unknown code and a missing code', async () => {
    await expectInvalidGrantWritingNothing(confidential, { code: randomToken() });
    await expectInvalidGrantWritingNothing(confidential, {}, 'invalid_request');
  });

  it('refuses an expired code, even though TTL has not deleted it', async () => {
    const code = randomToken();
    const past = Math.floor(Date.now() / 1000) - 1;
    await server.deps.table.doc.send(
      new PutCommand({
        TableName: server.deps.table.tableName,
        Item: {
          ...keys.authCode(sha256(code)),
          type: ItemType.authCode,
          digest: sha256(code),
          clientId: confidential.client_id,
          redirectUri: CALLBACK,
          userId: user.id,
          scopes: [read],
          createdAt: past - 600,
          expiresAt: past,
          ttl: past,
        },
      }),
    );
    await expectInvalidGrantWritingNothing(confidential, { code });
  });

  it('refuses a reused code and revokes the tokens the first redemption issued', async () => {
    const code = await codeFor(confidential);
    const first = await exchange(confidential, { code });
    expect(first.status).toBe(200);
    expect((await introspect(first.body.access_token)).body.active).toBe(true);
    const second = await exchange(confidential, { code });
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    expect((await introspect(first.body.access_token)).body.active).toBe(false);
    expect((await introspect(first.body.refresh_token)).body.active).toBe(false);
    const refresh = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: first.body.refresh_token },
      { authorization: basic(confidential.client_id, confidential.client_secret!) },
    );
    expect(refresh.body.error).toBe('invalid_grant');
  });

  describe('with PKCE', () => {
    it('lets a public client redeem with the right verifier and client_id alone', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await codeFor(publicClient, { code_challenge: challenge, code_challenge_method: 'S256' });
      const res = await exchange(publicClient, { code, code_verifier: verifier });
      expect(res.status).toBe(200);
      expect(res.body.refresh_token).toEqual(expect.any(String));
    });

    it('refuses a missing or wrong verifier without burning the code', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await codeFor(publicClient, { code_challenge: challenge, code_challenge_method: 'S256' });
      await expectInvalidGrantWritingNothing(publicClient, { code });
      await expectInvalidGrantWritingNothing(publicClient, { code, code_verifier: pkcePair().verifier });
      await expectInvalidGrantWritingNothing(publicClient, { code, code_verifier: 'short' }, 'invalid_request');
      expect((await exchange(publicClient, { code, code_verifier: verifier })).status).toBe(200);
    });

    it('honours PKCE sent by a confidential client', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await codeFor(confidential, { code_challenge: challenge, code_challenge_method: 'S256' });
      await expectInvalidGrantWritingNothing(confidential, { code, code_verifier: pkcePair().verifier });
      expect((await exchange(confidential, { code, code_verifier: verifier })).status).toBe(200);
    });

    it('refuses a verifier for a code issued without a challenge (a downgrade)', async () => {
      const code = await codeFor(confidential);
      await expectInvalidGrantWritingNothing(confidential, { code, code_verifier: pkcePair().verifier });
    });

    it('refuses a public client that tries to authenticate with a secret', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await codeFor(publicClient, { code_challenge: challenge, code_challenge_method: 'S256' });
      const res = await postForm(`${server.url}/oauth/token`, {
        grant_type: 'authorization_code',
        redirect_uri: CALLBACK,
        code,
        code_verifier: verifier,
        client_id: publicClient.client_id,
        client_secret: 'guess',
      });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    });
  });
});
