import { beforeAll, describe, expect, it } from 'vitest';
import { pathTo } from '../../../functions/routes.js';
import { decide, devicePage, enterCode, poll, startDevice } from '../../support/device-flow.js';
import { aClient, aResource, aScope, aUser } from '../../support/fixtures.js';
import { formFields, get, post, signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * The person's side of RFC 8628 (§3.3, §5): sign-in first, codes typed any which way, the
 * consent page on every approval, CSRF, the lockout on guessed codes, and the race between
 * two approvals and many polls. Here 3 wrong codes per session lock it (LOCKOUT_THRESHOLD).
 */
describe('the device verification page', () => {
  let server: TestServer;
  let scope: string;
  let user: { email: string; password: string };
  let cookie: string;
  let device: { client_id: string; client_secret?: string };

  beforeAll(async () => {
    server = await startTestServer({ LOCKOUT_THRESHOLD: '3', LOCKOUT_IP_THRESHOLD: '50' });
    scope = (await aScope(server.deps, 'tv:watch', 'Watch your shows')).name;
    user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
    device = await aClient(server.deps, { kind: 'device', name: 'Living Room TV' });
  });

  it('sends a visitor who is not signed in to the login page, and back to the code prefilled afterwards', async () => {
    const started = (await startDevice(server.url, device)).body;
    const first = await get(started.verification_uri_complete);
    expect(first.status).toBe(302);
    const login = new URL(first.location!);
    expect(login.pathname).toBe(pathTo('login'));
    const returnTo = login.searchParams.get('return_to')!;
    expect(returnTo).toBe(`${pathTo('device')}?user_code=${started.user_code}`);

    const signedIn = await post(`${server.url}${pathTo('login')}`, { email: user.email, password: user.password, return_to: returnTo });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe(`${server.url}${returnTo}`);
    const form = await get(signedIn.location!, signedIn.setCookie);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="user_code"`);
    expect(form.text).toContain(`value="${started.user_code}"`);
    expect(form.headers.get('x-frame-options')).toBe('DENY');
    expect(form.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('accepts the code in any case, with or without the dash, and shows the client, the scopes and the code to compare', async () => {
    const started = (await startDevice(server.url, device, { scope })).body;
    for (const typed of [started.user_code.toLowerCase(), started.user_code.replace('-', ''), ` ${started.user_code.replace('-', ' ')} `]) {
      const consent = await enterCode(server.url, cookie, typed);
      expect(consent.status).toBe(200);
      expect(consent.text).toContain('Living Room TV');
      expect(consent.text).toContain('Watch your shows');
      expect(consent.text).toContain(started.user_code);
      expect(consent.text).toContain('name="decision" value="approve"');
      expect(consent.text).toContain('name="decision" value="deny"');
    }
  });

  it('names the resource (RFC 8707) the device asked for on the consent page, as the authorization code\'s does', async () => {
    const api = await aResource(server.deps, { name: 'Recordings API', scopes: scope });
    const started = (await startDevice(server.url, device, { scope, resource: api.uri })).body;
    const consent = await enterCode(server.url, cookie, started.user_code);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('Only for use with <strong>Recordings API</strong>');
    expect(consent.text).toContain(`<code>${api.uri}</code>`);

    const unbound = (await startDevice(server.url, device, { scope })).body;
    expect((await enterCode(server.url, cookie, unbound.user_code)).text).not.toContain('Only for use with');
  });

  it('asks for consent on every approval, for a first-party client and after an earlier approval too (RFC 8628 §5.4)', async () => {
    const firstParty = await aClient(server.deps, { kind: 'device', firstParty: true });
    for (let i = 0; i < 2; i++) {
      const started = (await startDevice(server.url, firstParty)).body;
      const consent = await enterCode(server.url, cookie, started.user_code);
      expect(consent.status).toBe(200);
      expect(consent.text).toContain('name="decision" value="approve"');
      const done = await post(devicePage(server.url), { ...formFields(consent.text, pathTo('device')), decision: 'approve' }, cookie);
      expect(done.text).toContain('Device connected');
    }
  });

  it('refuses a decision without its CSRF token, and the device stays pending', async () => {
    const started = (await startDevice(server.url, device)).body;
    const forged = await post(devicePage(server.url), { user_code: started.user_code, decision: 'approve' }, cookie);
    expect(forged.status).toBe(403);
    expect((await poll(server.url, device, started.device_code)).body.error).toBe('authorization_pending');
  });

  it('tells a person a mistyped code plainly, without looking up a code of the wrong shape', async () => {
    const malformed = await enterCode(server.url, cookie, 'AEIO-U123');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('Enter the 8-letter code');
  });

  it('locks a session out after repeated wrong codes, even for the right code, with Retry-After', async () => {
    const guesser = await signIn(server.url, user.email, user.password);
    const started = (await startDevice(server.url, device)).body;
    for (let i = 0; i < 3; i++) {
      const wrong = await enterCode(server.url, guesser, 'BBBB-BBBB');
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('not valid');
    }
    const locked = await enterCode(server.url, guesser, started.user_code);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Too many wrong codes');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another session of the same person is not locked by this one.
    expect((await enterCode(server.url, cookie, started.user_code)).status).toBe(200);
  });

  it('gives exactly one token response when two approvals and many polls race', async () => {
    const started = (await startDevice(server.url, device, { scope })).body;
    const consent = await enterCode(server.url, cookie, started.user_code);
    const fields = { ...formFields(consent.text, pathTo('device')), decision: 'approve' };
    const approvals = await Promise.all([post(devicePage(server.url), fields, cookie), post(devicePage(server.url), fields, cookie)]);
    expect(approvals.filter((a) => a.text.includes('Device connected'))).toHaveLength(1);
    const polls = await Promise.all(Array.from({ length: 6 }, () => poll(server.url, device, started.device_code)));
    expect(polls.filter((p) => p.status === 200)).toHaveLength(1);
    expect(polls.filter((p) => p.status !== 200).every((p) => p.body.error === 'invalid_grant')).toBe(true);
  });

  it('gives one token response when polls race an approval', async () => {
    const started = (await startDevice(server.url, device)).body;
    const [, ...polls] = await Promise.all([
      decide(server.url, cookie, started.user_code, 'approve'),
      ...Array.from({ length: 4 }, () => poll(server.url, device, started.device_code)),
    ]);
    const later = await Promise.all(Array.from({ length: 4 }, () => poll(server.url, device, started.device_code)));
    const all = [...polls, ...later];
    expect(all.filter((p) => p.status === 200)).toHaveLength(1);
    for (const p of all.filter((p) => p.status !== 200)) expect(['authorization_pending', 'slow_down', 'invalid_grant']).toContain(p.body.error);
  });
});
