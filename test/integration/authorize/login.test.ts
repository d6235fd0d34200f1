import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { hash, verify } from '@node-rs/argon2';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { randomToken, sha256 } from '../../../functions/oauth/crypto.js';
import { ItemType, keys } from '../../../functions/store/keys.js';
import { aUser } from '../../support/fixtures.js';
import { formFields, get, post, signIn, tableContents } from '../../support/oauth-flow.js';
import { RETURN_TO_ATTEMPTS } from '../../support/open-redirects.js';
import { startTestServer, type TestServer } from '../../support/server.js';

// Count every argon2 run at the library itself, keeping the real work.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, hash: vi.fn(real.hash), verify: vi.fn(real.verify) };
});
const verifications = vi.mocked(verify);
const hashings = vi.mocked(hash);

describe('login and logout', () => {
  let server: TestServer;
  let user: { id: string; email: string; password: string };

  beforeAll(async () => {
    server = await startTestServer();
    user = await aUser(server.deps);
  });

  const login = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    post(`${server.url}/oauth/login`, form, undefined, headers);

  it('shows a form with labelled inputs named email and password', async () => {
    const res = await get(`${server.url}/oauth/login`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<label for="email">[^<]+<\/label>\s*<input id="email" name="email" type="email"/);
    expect(res.text).toMatch(/<label for="password">[^<]+<\/label>\s*<input id="password" name="password" type="password"/);
    expect(res.text).toMatch(/<form method="post" action="\/oauth\/login">/);
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ session cookie, not Secure on http://localhost, and stores only its digest', async () => {
    const res = await login({ email: user.email, password: user.password });
    expect(res.status).toBe(303);
    const header = res.headers.getSetCookie().find((c) => c.startsWith('connect_session='))!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/Secure/);
    const id = res.setCookie!.split('=')[1]!;
    expect(Buffer.from(id, 'base64url').length).toBeGreaterThanOrEqual(32);
    const contents = await tableContents(server.deps);
    expect(contents).not.toContain(id);
    expect(contents).toContain(sha256(id));
  });

  it('gives a wrong email and a wrong password the same answer and the same work: one argon2 verification each', async () => {
    // Timing equality follows from equal work; the work is counted, not timed (DESIGN rule 15).
    const attempt = async (form: Record<string, string>) => {
      verifications.mockClear();
      hashings.mockClear();
      const res = await login(form);
      return { res, verified: verifications.mock.calls.length, hashed: hashings.mock.calls.length };
    };
    const unknown = await attempt({ email: 'nobody@example.com', password: user.password });
    const wrong = await attempt({ email: user.email, password: 'not the password' });
    for (const { res } of [unknown, wrong]) {
      expect(res.status).toBe(401);
      expect(res.setCookie).toBeUndefined();
    }
    const message = (text: string) => /role="alert"[^>]*>([^<]+)</.exec(text)?.[1];
    expect(message(unknown.res.text)).toBe('The email or password is incorrect.');
    expect(message(wrong.res.text)).toBe(message(unknown.res.text));
    expect([unknown.verified, unknown.hashed]).toEqual([1, 0]);
    expect([wrong.verified, wrong.hashed]).toEqual([1, 0]);
    // The same page, but for the email typed back into its field.
    expect(unknown.res.text.replaceAll('nobody@example.com', '…')).toBe(wrong.res.text.replaceAll(user.email, '…'));
  });

  it('returns the user to a same-origin return_to after signing in', async () => {
    const res = await login({ email: user.email, password: user.password, return_to: '/oauth/authorize?client_id=x' });
    expect(res.location).toBe(`${server.url}/oauth/authorize?client_id=x`);
  });

  it('refuses open redirects: another origin, a protocol-relative or backslash path goes to the login page instead', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/%0d%0aX: y']) {
      const res = await login({ email: user.email, password: user.password, return_to: returnTo });
      expect(res.status).toBe(303);
      expect(new URL(res.location!).origin).toBe(server.url);
    }
  });

  const leaving = RETURN_TO_ATTEMPTS.filter(([, outcome]) => outcome === 'default').map(([raw]) => raw);

  it(`POST: none of ${leaving.length} open-redirect attempts leads anywhere but the default page`, async () => {
    for (const returnTo of leaving) {
      const res = await login({ email: user.email, password: user.password, return_to: returnTo });
      // The default page after signing in; a NUL in a form field is refused earlier, with an error page.
      if (returnTo.includes('\u0000')) expect([res.status, res.location], returnTo).toEqual([400, undefined]);
      else expect([res.status, res.location], returnTo).toEqual([303, `${server.url}/oauth/login`]);
    }
  });

  it(`GET while signed in: none of ${leaving.length} open-redirect attempts redirects; the signed-in page shows instead`, async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    for (const returnTo of leaving) {
      const res = await get(`${server.url}/oauth/login?return_to=${encodeURIComponent(returnTo)}`, cookie);
      expect(res.status, returnTo).toBe(200);
      expect(res.location, returnTo).toBeUndefined();
      expect(res.text).toContain(user.email);
    }
  });

  it('a harmless odd path of this server is kept, and the redirect stays on this origin', async () => {
    for (const [returnTo] of RETURN_TO_ATTEMPTS.filter(([, outcome]) => outcome === 'kept')) {
      const res = await login({ email: user.email, password: user.password, return_to: returnTo });
      expect(res.status, returnTo).toBe(303);
      expect(new URL(res.location!).origin, returnTo).toBe(server.url);
      expect(res.location, returnTo).not.toBe(`${server.url}/oauth/login`);
    }
  });

  it('shows a signed-in user who they are, or sends them straight on to return_to', async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    const page = await get(`${server.url}/oauth/login`, cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(user.email);
    const onward = await get(`${server.url}/oauth/login?return_to=${encodeURIComponent('/oauth/authorize?a=b')}`, cookie);
    expect(onward.location).toBe(`${server.url}/oauth/authorize?a=b`);
  });

  it('treats an expired session as none, even before TTL deletes it', async () => {
    const id = randomToken();
    const past = Math.floor(Date.now() / 1000) - 60;
    await server.deps.table.doc.send(
      new PutCommand({
        TableName: server.deps.table.tableName,
        Item: { ...keys.session(sha256(id)), type: ItemType.session, digest: sha256(id), userId: user.id, email: user.email, createdAt: past - 100, expiresAt: past, ttl: past },
      }),
    );
    const before = await tableContents(server.deps);
    const res = await get(`${server.url}/oauth/login`, `connect_session=${id}`);
    expect(res.text).toMatch(/<h1>Sign in<\/h1>/);
    expect(res.headers.getSetCookie().join()).toMatch(/connect_session=; Max-Age=0/);
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('refuses a login form posted from another site', async () => {
    const before = await tableContents(server.deps);
    const res = await login({ email: user.email, password: user.password }, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(res.setCookie).toBeUndefined();
    const byOrigin = await login({ email: user.email, password: user.password }, { origin: 'https://evil.example' });
    expect(byOrigin.status).toBe(403);
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('signs out: deletes the session, clears the cookie, and the old cookie no longer works', async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    const page = await get(`${server.url}/oauth/login`, cookie);
    const res = await post(`${server.url}/oauth/logout`, formFields(page.text, '/oauth/logout'), cookie);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${server.url}/oauth/login?signed_out=1`);
    expect(res.headers.getSetCookie().join()).toMatch(/connect_session=; Max-Age=0/);
    expect(await tableContents(server.deps)).not.toContain(sha256(cookie.split('=')[1]!));
    const after = await get(`${server.url}/oauth/login`, cookie);
    expect(after.text).toMatch(/<h1>Sign in<\/h1>/);
  });

  it('refuses a sign-out without the session CSRF token, leaving the session alive', async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    const before = await tableContents(server.deps);
    expect((await post(`${server.url}/oauth/logout`, {}, cookie)).status).toBe(403);
    expect((await post(`${server.url}/oauth/logout`, { csrf_token: 'forged' }, cookie)).status).toBe(403);
    expect(await tableContents(server.deps)).toBe(before);
  });
});
