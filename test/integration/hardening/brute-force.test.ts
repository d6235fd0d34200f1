import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as argon2 from '@node-rs/argon2';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic, postFormFrom } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Failed password checks are counted per account and per address; past the threshold the
 * answer is a refusal without argon2 work, for a lock that doubles with each failure; a success
 * clears the account's count. Here: 3 per account, 6 per address, a first lock of 2 s. Each
 * test calls from its own loopback address, so their address counters stay apart.
 */
describe('brute-force protection', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  const verify = vi.mocked(argon2.verify);

  beforeAll(async () => {
    server = await startTestServer({ LOCKOUT_THRESHOLD: '3', LOCKOUT_IP_THRESHOLD: '6', LOCKOUT_BASE_SECONDS: '2' });
    client = await aClient(server.deps, { kind: 'password' });
  });

  const grantFrom = (ip: string) => (username: string, password: string) =>
    postFormFrom(ip, `${server.url}/oauth/token`, { grant_type: 'password', username, password }, {
      authorization: basic(client.client_id, client.client_secret!),
    });

  it('locks an account after repeated failures, then refuses even the right password without argon2', async () => {
    const grant = grantFrom('127.0.0.11');
    const user = await aUser(server.deps);
    for (let i = 0; i < 3; i++) expect((await grant(user.email, 'wrong password')).body.error).toBe('invalid_grant');
    verify.mockClear();
    const locked = await grant(user.email, user.password);
    expect(locked.status).toBe(400);
    expect(locked.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/Too many failed/) });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The login page shares the counters: 429 with Retry-After, and still no argon2 work.
    const page = await postFormFrom('127.0.0.11', `${server.url}/oauth/login`, { email: user.email, password: user.password }, {
      'sec-fetch-site': 'same-origin',
    });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(page.text).toMatch(/Too many failed attempts/);
    expect(verify).not.toHaveBeenCalled();
  });

  it('lets the account in once the lock has passed, and the success clears its count', async () => {
    const grant = grantFrom('127.0.0.12');
    const user = await aUser(server.deps);
    for (let i = 0; i < 3; i++) await grant(user.email, 'wrong password');
    expect((await grant(user.email, user.password)).status).toBe(400);
    await sleep(2100);
    expect((await grant(user.email, user.password)).status).toBe(200);
    await grant(user.email, 'wrong password');
    await grant(user.email, 'wrong password');
    expect((await grant(user.email, user.password)).status).toBe(200);
  });

  it('makes each further failure lock for longer', async () => {
    const grant = grantFrom('127.0.0.13');
    const user = await aUser(server.deps);
    for (let i = 0; i < 3; i++) await grant(user.email, 'wrong password');
    await sleep(2100); // the first lock (2 s) has passed...
    await grant(user.email, 'wrong password'); // ...and the 4th failure locks for 4 s
    await sleep(2100);
    expect((await grant(user.email, user.password)).body.error_description).toMatch(/Too many failed/);
  });

  it('locks an address that tries many accounts, even for an account it has not tried', async () => {
    const grant = grantFrom('127.0.0.14');
    for (let i = 0; i < 6; i++) await grant(`victim-${i}@example.com`, 'guess');
    const user = await aUser(server.deps);
    expect((await grant(user.email, user.password)).body.error_description).toMatch(/Too many failed/);
    // Another address is not affected.
    expect((await grantFrom('127.0.0.15')(user.email, user.password)).status).toBe(200);
  });

  it('counts unknown accounts like real ones, so a lockout reveals nothing', async () => {
    const grant = grantFrom('127.0.0.16');
    for (let i = 0; i < 3; i++) await grant('nobody-here@example.com', 'guess');
    expect((await grant('nobody-here@example.com', 'guess')).body.error_description).toMatch(/Too many failed/);
  });
});
