import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm } from '../../support/http.js';
import { aClient, aUser } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the refresh grace period', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let user: { email: string; password: string };

  beforeAll(async () => {
    server = await startTestServer({ REFRESH_GRACE_SECONDS: '30' });
    client = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
  });

  it('gives a retry within the grace period a new pair in the same family', async () => {
    const auth = { authorization: basic(client.client_id, client.client_secret!) };
    const first = (await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password }, auth)).body;
    const a = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, auth);
    const b = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: first.refresh_token }, auth);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.refresh_token).not.toBe(a.body.refresh_token);
    expect(a.body.refresh_token.split('.')[0]).toBe(b.body.refresh_token.split('.')[0]);
    // Both successors keep working: nothing was revoked.
    const next = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: a.body.refresh_token }, auth);
    expect(next.status).toBe(200);
  });
});
