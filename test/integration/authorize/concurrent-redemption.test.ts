import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { authorizeAndApprove, CALLBACK, signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('concurrent redemptions of one authorization code', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let code: string;

  beforeAll(async () => {
    server = await startTestServer();
    const read = (await aScope(server.deps)).name;
    const user = await aUser(server.deps);
    client = await aClient(server.deps, { kind: 'confidential', firstParty: true });
    const cookie = await signIn(server.url, user.email, user.password);
    const answer = await authorizeAndApprove(server.url, cookie, {
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: CALLBACK,
      scope: read,
    });
    code = answer.code!;
  });

  const auth = () => ({ authorization: basic(client.client_id, client.client_secret!) });

  it('lets exactly one of ten succeed, and then revokes what it issued', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        postForm(`${server.url}/oauth/token`, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK }, auth()),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(400);
      expect(loser.body.error).toBe('invalid_grant');
    }
    const { access_token, refresh_token } = winners[0]!.body;
    const introspect = (token: string) => postForm(`${server.url}/oauth/introspect`, { token }, auth());
    expect((await introspect(access_token)).body.active).toBe(false);
    expect((await introspect(refresh_token)).body.active).toBe(false);
    const refresh = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token }, auth());
    expect(refresh.body.error).toBe('invalid_grant');
  });
});
