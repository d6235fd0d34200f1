import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm } from '../../support/http.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { verifyWithJwks } from '../../support/jwt.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the password grant', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let user: { id: string; email: string; password: string };
  let read: string;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    admin = (await aScope(server.deps)).name;
    client = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps, { scopes: read });
  });

  const token = (params: Record<string, string>) =>
    postForm(`${server.url}/oauth/token`, { grant_type: 'password', ...params }, {
      authorization: basic(client.client_id, client.client_secret!),
    });

  it('issues an access token for the user and a refresh token', async () => {
    const res = await token({ username: user.email, password: user.password, scope: read });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: read });
    expect(res.body.refresh_token).toMatch(/^[0-9a-f]{32}\.[\w-]{43}$/);
    const { payload } = await verifyWithJwks(server.url, res.body.access_token);
    expect(payload).toMatchObject({ sub: user.id, client_id: client.client_id, scope: read });
  });

  it('accepts the email in any letter case', async () => {
    const res = await token({ username: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown user with the same invalid_grant', async () => {
    const wrong = await token({ username: user.email, password: 'not the password' });
    const unknown = await token({ username: 'nobody@example.com', password: 'whatever-password' });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toBe('invalid_grant');
  });

  it('refuses a scope the user does not have with invalid_scope', async () => {
    const res = await token({ username: user.email, password: user.password, scope: admin });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('asks for the missing parameter by name', async () => {
    const res = await token({ username: user.email });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'Missing password.' });
  });

  it('refuses a client of another kind with unauthorized_client', async () => {
    const cc = await aClient(server.deps, { kind: 'client_credentials' });
    const res = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'password', username: user.email, password: user.password },
      { authorization: basic(cc.client_id, cc.client_secret!) },
    );
    expect(res.body.error).toBe('unauthorized_client');
  });
});
