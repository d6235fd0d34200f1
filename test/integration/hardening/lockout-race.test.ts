import * as argon2 from '@node-rs/argon2';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic, postFormFrom, type JsonResponse } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

const THRESHOLD = 5;
const GUESSES = 30;
const WRONG = 'a wrong guess';

/** Waits (without any time limit of its own) until `done()` holds: each turn yields to the server. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
}

/**
 * SPEC §6: at most LOCKOUT_THRESHOLD password verifications per account per window, however
 * many requests arrive at once — the attempt is counted before the password is checked.
 * Every password check is held at the gate until all the guesses are either being checked or
 * answered, so they are all in flight together, the worst case for a check-then-act lockout;
 * argon2 runs are counted at the library itself. The right password arrives while the
 * admitted guesses are still being checked, and must not get in.
 */
describe('the lockout holds under 30 parallel guesses', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let realVerify: typeof argon2.verify;
  const verify = vi.mocked(argon2.verify);

  beforeAll(async () => {
    realVerify = (await vi.importActual<typeof import('@node-rs/argon2')>('@node-rs/argon2')).verify;
    server = await startTestServer({ LOCKOUT_THRESHOLD: String(THRESHOLD), LOCKOUT_IP_THRESHOLD: '1000' });
    client = await aClient(server.deps, { kind: 'password' });
  });
  afterEach(() => verify.mockImplementation(realVerify));

  /** Runs 30 wrong guesses at once, then the right password while the admitted ones are held. */
  async function race(send: (password: string) => Promise<JsonResponse>, password: string) {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const checked: string[] = [];
    verify.mockImplementation(async (hashed, candidate, ...rest) => {
      if (candidate === WRONG || candidate === password) {
        checked.push(String(candidate));
        await gate;
      }
      return realVerify(hashed, candidate, ...rest);
    });
    let answered = 0;
    const count = <T>(p: Promise<T>) => p.finally(() => answered++);
    const guesses = Array.from({ length: GUESSES }, () => count(send(WRONG)));
    await until(() => checked.length + answered === GUESSES);
    const right = count(send(password));
    await until(() => checked.length + answered === GUESSES + 1);
    release();
    return { checked, guesses: await Promise.all(guesses), right: await right };
  }

  it('password grant: at most the threshold of verifications, and the right password is refused while locked', async () => {
    const user = await aUser(server.deps);
    const grant = (password: string) =>
      postFormFrom('127.0.0.41', `${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password }, {
        authorization: basic(client.client_id, client.client_secret!),
      });
    expect((await grant('warm the client secret')).status).toBe(400); // the client's argon2 run, once per container
    const { checked, guesses, right } = await race(grant, user.password);

    expect(checked.length).toBeLessThanOrEqual(THRESHOLD);
    expect(checked).not.toContain(user.password);
    expect(right.status).toBe(400);
    expect(right.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/Too many failed/) });
    expect(right.body.access_token).toBeUndefined();
    const descriptions = guesses.map((g) => g.body.error_description as string);
    expect(descriptions.filter((d) => /incorrect/.test(d))).toHaveLength(checked.length);
    expect(descriptions.filter((d) => /Too many failed/.test(d))).toHaveLength(GUESSES - checked.length);
    // Still locked afterwards, and still without argon2 work.
    const after = verify.mock.calls.length;
    expect((await grant(user.password)).body.error_description).toMatch(/Too many failed/);
    expect(verify.mock.calls.length).toBe(after);
  });

  it('login page: at most the threshold of verifications, and the right password gets no session while locked', async () => {
    const user = await aUser(server.deps);
    const login = (password: string) =>
      postFormFrom('127.0.0.42', `${server.url}/oauth/login`, { email: user.email, password }, { 'sec-fetch-site': 'same-origin' });
    const { checked, guesses, right } = await race(login, user.password);

    expect(checked.length).toBeLessThanOrEqual(THRESHOLD);
    expect(checked).not.toContain(user.password);
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect(right.text).toMatch(/Too many failed attempts/);
    expect(guesses.filter((g) => g.status === 401)).toHaveLength(checked.length);
    expect(guesses.filter((g) => g.status === 429)).toHaveLength(GUESSES - checked.length);
    const after = verify.mock.calls.length;
    expect((await login(user.password)).status).toBe(429);
    expect(verify.mock.calls.length).toBe(after);
  });

  it('parallel sign-ins with the right password, up to the threshold at a time, all get in and leave no lock behind', async () => {
    const user = await aUser(server.deps);
    const grant = (password: string) =>
      postFormFrom('127.0.0.45', `${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password }, {
        authorization: basic(client.client_id, client.client_secret!),
      });
    const together = await Promise.all(Array.from({ length: THRESHOLD }, () => grant(user.password)));
    expect(together.map((r) => r.status)).toEqual(Array(THRESHOLD).fill(200));
    // Their attempts were taken back: the account still has its whole allowance of mistakes.
    for (let i = 0; i < THRESHOLD - 1; i++) expect((await grant(WRONG)).body.error_description).toMatch(/incorrect/);
    expect((await grant(user.password)).status).toBe(200);
  });
});
