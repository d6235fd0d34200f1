import { beforeAll, describe, expect, it } from 'vitest';
import { aClient } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** A single-page app (a public client with PKCE) calls the OAuth JSON endpoints from its own origin. */
describe('cross-origin access to the OAuth endpoints', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  const origin = { origin: 'https://spa.example.com' };

  beforeAll(async () => {
    server = await startTestServer();
    client = await aClient(server.deps, { kind: 'public' });
  });

  it('answers the preflight of the token endpoint, without allowing credentials', async () => {
    const res = await fetch(`${server.url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('marks token answers and token errors readable by any origin', async () => {
    const error = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: client.client_id, code: 'nope', redirect_uri: 'http://localhost:9999/callback' }),
    });
    expect(error.status).toBe(400);
    expect(error.headers.get('access-control-allow-origin')).toBe('*');
    const jwks = await fetch(`${server.url}/oauth/jwks`, { headers: origin });
    expect(jwks.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives the HTML pages no CORS headers', async () => {
    const page = await fetch(`${server.url}/oauth/login`, { headers: origin });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/oauth/login`, { method: 'OPTIONS', headers: origin });
    expect(preflight.status).toBe(405);
  });
});
