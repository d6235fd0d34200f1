import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, connectJson, runConnect } from '../../support/cli.js';
import { basic, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** The admin CLI as a newcomer following the README meets it (issue 12, item 9). */
describe('the admin CLI for a newcomer', () => {
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    env = cliEnv(server.url);
    await connectJson(env, ['scope:create', 'orders:read', '--description', 'Read your orders']);
    await connectJson(env, ['user:create', '--email', 'ada@example.com', '--name', 'Ada Lovelace', '--password-stdin'], 'a long password\n');
    await connectJson(env, ['client:create', '--name', 'Personal Access Client', '--personal']);
  });

  const connect = (args: string[], stdin?: string) => runConnect(args, env, stdin);

  it('refuses a taken email or an unknown scope before asking for a password', async () => {
    // No --password-stdin and no terminal: had it asked for the password first, it would say so.
    const taken = await connect(['user:create', '--email', 'ADA@example.com']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('error: a user with the email ada@example.com already exists\n');
    const unknownScope = await connect(['user:create', '--email', 'new@example.com', '--scopes', 'nope']);
    expect(unknownScope.stderr).toBe('error: the scope "nope" does not exist: create it first with scope:create\n');
    // A new email with known scopes gets as far as the password.
    expect((await connect(['user:create', '--email', 'new@example.com', '--scopes', 'orders:read'])).stderr).toMatch(/--password-stdin/);
  });

  it('words the same mistake the same way in every command', { timeout: 90_000 }, async () => {
    const unknownScope = [
      ['user:create', '--email', 'bob@example.com', '--scopes', 'nope'],
      ['client:create', '--name', 'X', '--client-credentials', '--scopes', 'nope'],
      ['token:create', '--user', 'ada@example.com', '--name', 'x', '--scopes', 'nope'],
    ];
    const badScopes = [
      ['user:create', '--email', 'bob@example.com', '--scopes', 'a"b'],
      ['client:create', '--name', 'X', '--client-credentials', '--scopes', 'a"b'],
      ['token:create', '--user', 'ada@example.com', '--name', 'x', '--scopes', 'a"b'],
    ];
    const unknownUser = [
      ['client:create', '--name', 'X', '--client-credentials', '--user', 'nobody@example.com'],
      ['token:create', '--user', 'nobody@example.com', '--name', 'x'],
      ['token:list', '--user', 'nobody@example.com'],
    ];
    for (const [commands, line] of [
      [unknownScope, 'error: the scope "nope" does not exist: create it first with scope:create\n'],
      [badScopes, 'error: scopes must be space-separated scope names\n'],
      [unknownUser, 'error: no user with the email nobody@example.com\n'],
    ] as const) {
      for (const args of commands) {
        const res = await connect(args, 'a long password\n');
        expect(res.code, args.join(' ')).toBe(1);
        expect(res.stderr, args.join(' ')).toBe(line);
      }
    }
  });

  it('says a secret is shown once, and quotes text with spaces so every value reads back', async () => {
    const created = await connect(['client:create', '--name', 'Billing service', '--client-credentials']);
    expect(created.code).toBe(0);
    const lines = created.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^client_id: [\w-]+$/);
    expect(lines[1]).toMatch(/^client_secret: [\w-]{43}$/);
    expect(lines).toContain('name: "Billing service"');
    expect(lines.at(-1)).toBe('The client secret is shown this once: store it now.');
    const listed = await connect(['client:list']);
    expect(listed.stdout).toMatch(/ name="Billing service" /);
    expect(listed.stdout).toMatch(/ name="Personal Access Client" /);
    const token = await connect(['token:create', '--user', 'ada@example.com', '--name', 'my laptop']);
    expect(token.stdout).toContain('name: "my laptop"\n');
    expect(token.stdout.trim().split('\n').at(-1)).toBe('The access token is shown this once: store it now.');
    // --json stays exactly one object.
    expect((await connectJson(env, ['client:create', '--name', 'Quiet', '--client-credentials'])).client_secret).toBeDefined();
  });

  it('lists users without their password hashes', async () => {
    const { users } = await connectJson(env, ['user:list']);
    expect(users).toContainEqual({ id: expect.any(String), email: 'ada@example.com', name: 'Ada Lovelace', scopes: null, created_at: expect.any(String) });
    expect(JSON.stringify(users)).not.toMatch(/hash|argon|password/i);
    expect((await connect(['user:list'])).stdout).toMatch(/email=ada@example.com {2}name="Ada Lovelace"/);
  });

  it("lists a user's tokens with the ids token:revoke takes, and forgets a revoked one", async () => {
    const pat = await connectJson(env, ['token:create', '--user', 'ada@example.com', '--name', 'deploy', '--scopes', 'orders:read']);
    const app = await connectJson(env, ['client:create', '--name', 'Mobile app', '--password']);
    const password = await postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: 'ada@example.com', password: 'a long password' }, {
      authorization: basic(app.client_id, app.client_secret),
    });
    expect(password.status).toBe(200);

    const { tokens } = await connectJson(env, ['token:list', '--user', 'ada@example.com']);
    expect(tokens).toContainEqual({
      id: pat.id,
      name: 'deploy',
      client_id: expect.any(String),
      scopes: ['orders:read'],
      created_at: expect.any(String),
      expires_at: expect.any(String),
      revoked: false,
    });
    // The record's expiry is the token's (the JWT may be signed in the next second).
    const listedPat = tokens.find((t: { id: string }) => t.id === pat.id);
    expect(Math.abs(Date.parse(listedPat.expires_at) - Date.parse(pat.expires_at))).toBeLessThanOrEqual(1000);
    expect(tokens).toContainEqual(expect.objectContaining({ name: null, client_id: app.client_id }));
    expect(JSON.stringify(tokens)).not.toMatch(/eyJ|access_token|refresh_token|digest/);
    // Without --user: every user's.
    expect((await connectJson(env, ['token:list'])).tokens.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(tokens.map((t: { id: string }) => t.id)));

    // The listed id of the password grant revokes it: its refresh token stops working.
    const grant = tokens.find((t: { client_id: string }) => t.client_id === app.client_id);
    expect(await connectJson(env, ['token:revoke', grant.id])).toEqual({ id: grant.id, revoked: true });
    const refresh = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: password.body.refresh_token }, {
      authorization: basic(app.client_id, app.client_secret),
    });
    expect(refresh.body.error).toBe('invalid_grant');
    const after = (await connectJson(env, ['token:list', '--user', 'ada@example.com'])).tokens.map((t: { id: string }) => t.id);
    expect(after).toContain(pat.id);
    expect(after).not.toContain(grant.id);
  });
});
