import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { aSignedInUser, anAuthorizedApp } from '../../support/management.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue #10, finding 13: RFC 6749 §3.3 has no empty scope (scope = scope-token *( SP
 * scope-token )), so a token response for a request that named no scope and got none omits
 * `scope` rather than sending `"scope": ""` — at every grant (SPEC §6).
 */
describe('the scope member of a token response', () => {
  let server: TestServer;
  let read: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
  });

  const token = (client: { client_id: string; client_secret?: string }, params: Record<string, string>) =>
    postForm(`${server.url}/oauth/token`, params, { authorization: basic(client.client_id, client.client_secret!) });

  it('is absent when no scope was asked and none granted: client credentials, password and refresh', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const cc = await token(service, { grant_type: 'client_credentials' });
    expect(cc.status).toBe(200);
    expect(cc.body).not.toHaveProperty('scope');

    const user = await aUser(server.deps);
    const password = await token(await aClient(server.deps, { kind: 'password' }), {
      grant_type: 'password',
      username: user.email,
      password: user.password,
    });
    expect(password.status).toBe(200);
    expect(password.body).not.toHaveProperty('scope');

    const alice = await aSignedInUser(server.url, server.deps);
    const app = await anAuthorizedApp(server.url, server.deps, alice);
    const refreshed = await app.refresh();
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty('scope');
    expect(refreshed.text).not.toContain('"scope"');
  });

  it('is the granted scopes when there are some', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    expect((await token(service, { grant_type: 'client_credentials', scope: read })).body.scope).toBe(read);
  });
});
