import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../../functions/oauth/crypto.js';
import { CALLBACK } from '../../support/oauth-flow.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { registerClient } from '../../support/registration.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('dynamic client registration with REGISTRATION=token', () => {
  let server: TestServer;
  let env: Record<string, string>;
  const metadata = { client_name: 'Partner app', redirect_uris: [CALLBACK] };

  beforeAll(async () => {
    server = await startTestServer({ REGISTRATION: 'token', REGISTRATION_RATE_LIMIT: '3' });
    env = cliEnv(server.url);
  });

  it('registers with an initial access token from `registration:token`, stored only as its digest', async () => {
    const cli = await runConnect(['registration:token', '--expires-in', '2h', '--json'], env);
    expect(cli.code, cli.stderr).toBe(0);
    const { registration_token: token, expires_at } = cli.json;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Two hours from when it was made (the margin is for a slow start of the CLI, not a timing).
    const lifetime = Date.parse(expires_at) - Date.now();
    expect(lifetime).toBeGreaterThan(7200_000 - 600_000);
    expect(lifetime).toBeLessThanOrEqual(7200_000);
    expect((await server.deps.registrations.context(sha256(token))).token).toBeDefined();
    const res = await registerClient(server.url, metadata, { token, from: '127.0.0.11' });
    expect(res.status, res.text).toBe(201);
    // Several registrations with one token, until it expires.
    expect((await registerClient(server.url, metadata, { token, from: '127.0.0.11' })).status).toBe(201);
  });

  it('says in one line what is wrong with a bad --expires-in', async () => {
    const cli = await runConnect(['registration:token', '--expires-in', 'soon'], env);
    expect(cli.code).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toMatch(/not a duration/);
  });

  it('refuses a missing, unknown or expired token with 401 invalid_token, registering nothing', async () => {
    const before = (await server.deps.clients.list()).length;
    const expired = 'e'.repeat(43);
    await server.deps.registrations.createToken({ digest: sha256(expired), createdAt: 1, expiresAt: 2 });
    for (const token of [undefined, 'u'.repeat(43), expired]) {
      const res = await registerClient(server.url, metadata, { ...(token ? { token } : {}), from: '127.0.0.12' });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_token');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
    expect((await server.deps.clients.list()).length).toBe(before);
  });

  it('counts requests per source address: past REGISTRATION_RATE_LIMIT an address gets 429, another address does not', async () => {
    const token = (await runConnect(['registration:token', '--json'], env)).json.registration_token;
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await registerClient(server.url, metadata, { token, from: '127.0.0.13' })).status);
    expect(answers).toEqual([201, 201, 201, 429, 429]);
    const refused = await registerClient(server.url, metadata, { token, from: '127.0.0.13' });
    expect(refused.body.error).toEqual(expect.any(String));
    expect(refused.headers.get('retry-after')).toBe('3600');
    expect((await registerClient(server.url, metadata, { token, from: '127.0.0.14' })).status).toBe(201);
  });
});
