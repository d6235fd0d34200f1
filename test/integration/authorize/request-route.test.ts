import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { get, query, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('GET /oauth/request?client=ID', () => {
  let server: TestServer;
  let client: { client_id: string; redirect_uris: string[] };

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'reading-list');
    client = await aClient(server.deps, {
      kind: 'confidential',
      redirectUris: ['https://app.example/callback', 'http://localhost:9999/other'],
    });
  });

  it("redirects to /oauth/authorize with the client's first registered redirect URI, response_type=code and a fresh state", async () => {
    const first = await get(`${server.url}/oauth/request?client=${client.client_id}`);
    const second = await get(`${server.url}/oauth/request?client=${client.client_id}`);
    expect(first.status).toBe(302);
    const target = new URL(first.location!);
    expect(target.origin + target.pathname).toBe(`${server.url}/oauth/authorize`);
    const params = query(first.location);
    expect(params).toMatchObject({ client_id: client.client_id, redirect_uri: 'https://app.example/callback', response_type: 'code' });
    expect(params.state).toMatch(/^[\w-]{43}$/);
    expect(query(second.location).state).not.toBe(params.state);
  });

  it('passes a requested scope through', async () => {
    const res = await get(`${server.url}/oauth/request?client=${client.client_id}&scope=reading-list`);
    expect(query(res.location).scope).toBe('reading-list');
  });

  it('leaves a passed-through scope to be checked where every scope is: an unknown one comes back as invalid_scope', async () => {
    const seed = await get(`${server.url}/oauth/request?client=${client.client_id}&scope=no-such-scope`);
    const authorize = await get(seed.location!);
    expect(authorize.status).toBe(302);
    expect(query(authorize.location)).toMatchObject({ error: 'invalid_scope', state: query(seed.location).state });
    expect(authorize.location!.startsWith('https://app.example/callback?')).toBe(true);
  });

  it('shows an error page for an unknown client, a missing client and a client without the code grant', async () => {
    const machine = await aClient(server.deps, { kind: 'client_credentials' });
    const before = await tableContents(server.deps);
    for (const path of ['/oauth/request?client=nope', '/oauth/request', `/oauth/request?client=${machine.client_id}`]) {
      const res = await get(`${server.url}${path}`);
      expect(res.status).toBe(400);
      expect(res.location).toBeUndefined();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(await tableContents(server.deps)).toBe(before);
  });
});
