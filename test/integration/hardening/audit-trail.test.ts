import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the audit trail', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let user: { id: string; email: string; password: string };
  let lines: Record<string, unknown>[];

  beforeAll(async () => {
    server = await startTestServer({ CONNECT_LOG: 'audit' });
    client = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
  });

  afterEach(() => vi.restoreAllMocks());

  const capture = () => {
    lines = [];
    const record = (line: unknown) => {
      if (typeof line === 'string' && line.startsWith('{')) lines.push(JSON.parse(line));
    };
    vi.spyOn(console, 'log').mockImplementation(record);
    vi.spyOn(console, 'error').mockImplementation(record);
  };
  const auth = () => ({ authorization: basic(client.client_id, client.client_secret!) });
  const events = () => lines.filter((l) => l.audit === true);

  it('records issuance, refresh, revocation and failures with ids and address, never a secret', async () => {
    capture();
    const tokens = (await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password }, auth())).body;
    await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: 'wrong password!' }, auth());
    await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password }, {
      authorization: basic(client.client_id, 'not-the-secret'),
    });
    const refreshed = (await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, auth())).body;
    await postForm(`${server.url}/oauth/revoke`, { token: refreshed.refresh_token }, auth());

    const names = events().map((e) => e.message);
    expect(names).toEqual([
      'token.issued',
      'user.authentication_failed',
      'client.authentication_failed',
      'token.refreshed',
      'token.revoked',
    ]);
    expect(events()[0]).toMatchObject({ client_id: client.client_id, user_id: user.id, grant_type: 'password', jti: expect.any(String), ip: expect.any(String) });
    const all = JSON.stringify(lines);
    for (const secret of [user.password, client.client_secret!, tokens.access_token, tokens.refresh_token, refreshed.refresh_token, 'wrong password!', 'not-the-secret']) {
      expect(all).not.toContain(secret);
    }
  });
});
