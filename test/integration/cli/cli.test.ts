import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../functions/local/dynamodb-local.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { basic, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the admin CLI', () => {
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The token endpoint's client cache off (SPEC §6): `client:revoke` and `client:secret` reach
    // it at once (test/integration/token/client-cache-bound.test.ts: the bound with it on).
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '0' });
    env = cliEnv(server.url);
  });

  const connect = (args: string[], stdin?: string) => runConnect(args, env, stdin);
  const ok = async (args: string[], stdin?: string) => {
    const res = await connect([...args, '--json'], stdin);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    return res.json;
  };
  const fails = async (args: string[], message: RegExp, stdin?: string) => {
    const res = await connect(args, stdin);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  };

  it('takes a newcomer from nothing to a client-credentials token', async () => {
    expect(await ok(['scope:create', 'orders:read', '--description', 'Read your orders'])).toEqual({
      name: 'orders:read',
      description: 'Read your orders',
    });
    expect(await ok(['scope:list'])).toEqual({ scopes: [{ name: 'orders:read', description: 'Read your orders' }] });
    const client = await ok(['client:create', '--name', 'Billing', '--client-credentials', '--scopes', 'orders:read']);
    expect(client).toMatchObject({ name: 'Billing', grant_types: ['client_credentials'], redirect_uris: [], scopes: ['orders:read'] });
    expect(client.client_secret).toMatch(/^[\w-]{43}$/);
    const token = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope: 'orders:read' }, {
      authorization: basic(client.client_id, client.client_secret),
    });
    expect(token.status).toBe(200);
  });

  it('creates a user from a password on stdin and never prints it', async () => {
    const user = await ok(['user:create', '--email', 'Ada@Example.com', '--name', 'Ada', '--password-stdin'], 'a long password\n');
    expect(user).toEqual({ id: expect.any(String), email: 'ada@example.com', name: 'Ada', scopes: null });
    const client = await ok(['client:create', '--name', 'App', '--password']);
    const token = await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: 'ada@example.com', password: 'a long password' }, {
      authorization: basic(client.client_id, client.client_secret),
    });
    expect(token.status).toBe(200);
    await fails(['user:create', '--email', 'ada@example.com', '--password-stdin'], /already exists/, 'another password\n');
  });

  it('lists clients without their secrets', async () => {
    const listed = await ok(['client:list']);
    expect(listed.clients.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(listed)).not.toMatch(/secret|hash/);
  });

  it('rotates a secret with a grace period, both secrets working for that time', async () => {
    const client = await ok(['client:create', '--name', 'Rotating', '--client-credentials']);
    const rotated = await ok(['client:secret', client.client_id, '--grace', '1h']);
    expect(rotated).toEqual({ client_id: client.client_id, client_secret: expect.any(String) });
    const tokenWith = (secret: string) =>
      postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, { authorization: basic(client.client_id, secret) });
    expect((await tokenWith(client.client_secret)).status).toBe(200);
    expect((await tokenWith(rotated.client_secret)).status).toBe(200);
    // Without grace, only the newest works: at most two at a time.
    const again = await ok(['client:secret', client.client_id]);
    expect((await tokenWith(client.client_secret)).status).toBe(401);
    expect((await tokenWith(rotated.client_secret)).status).toBe(401);
    expect((await tokenWith(again.client_secret)).status).toBe(200);
  });

  it('revokes a client so that its tokens stop working at once', async () => {
    const client = await ok(['client:create', '--name', 'Doomed', '--client-credentials']);
    const auth = { authorization: basic(client.client_id, client.client_secret) };
    const token = (await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, auth)).body.access_token;
    expect(await ok(['client:revoke', client.client_id])).toEqual({ id: client.client_id, revoked: true });
    expect((await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials' }, auth)).status).toBe(401);
    const introspector = await ok(['client:create', '--name', 'RS', '--client-credentials', '--introspect']);
    const res = await postForm(`${server.url}/oauth/introspect`, { token }, { authorization: basic(introspector.client_id, introspector.client_secret) });
    expect(res.body).toEqual({ active: false });
  });

  it('issues and revokes a personal access token', async () => {
    await ok(['client:create', '--name', 'Personal', '--personal']);
    const asked = Math.floor(Date.now() / 1000) * 1000; // whole seconds, as the CLI stamps them
    const pat = await ok(['token:create', '--user', 'ada@example.com', '--name', 'laptop', '--scopes', 'orders:read']);
    expect(pat).toMatchObject({ name: 'laptop', scopes: ['orders:read'], access_token: expect.any(String) });
    expect(Date.parse(pat.expires_at)).toBeGreaterThanOrEqual(asked + 365 * 86400_000); // a year from when it was made
    const rs = await ok(['client:create', '--name', 'RS2', '--client-credentials', '--introspect']);
    const introspect = async () =>
      (await postForm(`${server.url}/oauth/introspect`, { token: pat.access_token }, { authorization: basic(rs.client_id, rs.client_secret) })).body.active;
    expect(await introspect()).toBe(true);
    expect(await ok(['token:revoke', pat.id])).toEqual({ id: pat.id, revoked: true });
    expect(await introspect()).toBe(false);
  });

  it('stages a signing key', async () => {
    const asked = Math.floor(Date.now() / 1000) * 1000;
    const rotated = await ok(['keys:rotate']);
    expect(rotated).toEqual({ kid: expect.any(String), active_from: expect.any(String) });
    expect(Date.parse(rotated.active_from)).toBeGreaterThanOrEqual(asked + 3 * 3600_000); // the default publish-ahead period
  });

  // One test per mistake: each is a CLI process of its own, so none waits on the others.
  const MISTAKES: [args: string[], message: RegExp, stdin?: string][] = [
    [['client:create', '--name', 'Web'], /redirect-uri/],
    [['client:create', '--name', 'Web', '--redirect-uri', 'http://evil.example/cb'], /https/],
    [['client:create', '--name', 'X', '--public', '--password'], /cannot be used with/],
    [['client:create', '--name', 'X', '--client-credentials', '--scopes', 'nope'], /the scope "nope" does not exist/],
    [['client:revoke', 'no-such-client'], /no client with id/],
    [['token:revoke', 'no-such-token'], /no token with id/],
    [['token:create', '--user', 'nobody@example.com', '--name', 'x'], /no user/],
    [['scope:create', 'bad scope', '--description', 'x'], /not a valid scope name/],
    [['client:secret', 'x', '--grace', 'forever'], /not a duration/],
    [['user:create', '--email', 'new@example.com'], /--password-stdin/],
    [['user:create', '--email', 'short@example.com', '--password-stdin'], /at least 8/, 'short\n'],
    [['no:such-command'], /unknown command/],
  ];
  for (const [args, message, stdin] of MISTAKES) {
    it(`explains \`${args.join(' ')}\` on one line and exits non-zero`, async () => {
      await fails(args, message, stdin);
    });
  }

  it('says which store it uses when given none, and when it cannot reach it', async () => {
    const port = await freePort();
    const res = await runConnect(['scope:list', '--json'], { DYNAMODB_PORT: String(port) });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/Using the local store of `npm start`/);
    expect(res.stderr).toMatch(/cannot reach/);
  });
});
