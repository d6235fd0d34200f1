import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { authorizeUrl, CALLBACK, formFields, get, post, signIn, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** The state a callback carries, read back the way a client library might: strictly, by decodeURIComponent. */
function callbackState(location: string | undefined): string | undefined {
  expect(location?.startsWith(`${CALLBACK}?`)).toBe(true);
  const pair = new URL(location!).search.slice(1).split('&').find((p) => p.startsWith('state='));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice('state='.length));
}

/**
 * SPEC §6: `state` is returned exactly as sent, whatever its characters, up to 2,048 bytes;
 * longer gets an error page. (RFC 6749 §4.1.2: "the exact value received from the client".)
 * A state the server drops breaks the client's CSRF check with no hint why.
 */
describe('state comes back exactly as sent', () => {
  let server: TestServer;
  let read: string;
  let cookie: string;
  let user: { email: string; password: string };
  let firstParty: { client_id: string };

  const STATES: [label: string, state: string][] = [
    ['printable ASCII', 'plain-ascii_1.2~3'],
    ['spaces and URL delimiters', 'with spaces and + plus & ampersand = equals % percent # hash ? question / slash'],
    ['Latin accents and currency signs', 'Ünïcödé € £ ¥'],
    ['CJK and emoji (astral plane)', '日本語の状態 🎉🔐'],
    ['tab and newline', 'tab\there, newline\nthere'],
    ['quotes, angle brackets, backslash', `"quotes" <tags> 'single' \\backslash`],
    ['2,046 bytes of three-byte characters', '€'.repeat(682)],
    ['exactly 2,048 ASCII bytes', 'x'.repeat(2048)],
  ];

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
    firstParty = await aClient(server.deps, { kind: 'confidential', firstParty: true });
  });

  const request = (clientId: string, state: string, extra: Record<string, string> = {}) =>
    authorizeUrl(server.url, { response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: read, state, ...extra });

  it.each(STATES)('straight back from a first-party client: %s', async (_label, state) => {
    const res = await get(request(firstParty.client_id, state), cookie);
    expect(res.status).toBe(302);
    expect(callbackState(res.location)).toBe(state);
    expect(new URL(res.location!).searchParams.get('state')).toBe(state);
  });

  it.each(STATES)('through the consent form: %s', async (_label, state) => {
    const thirdParty = await aClient(server.deps, { kind: 'confidential' }); // no remembered consent yet
    const page = await get(request(thirdParty.client_id, state), cookie);
    expect(page.status).toBe(200);
    const res = await post(`${server.url}/oauth/authorize`, { ...formFields(page.text), decision: 'approve' }, cookie);
    expect(res.status).toBe(303);
    expect(callbackState(res.location)).toBe(state);
  });

  it('on an error redirect too (invalid_scope)', async () => {
    const state = 'état invalide ✗';
    const res = await get(request(firstParty.client_id, state, { scope: 'no-such-scope' }), cookie);
    expect(res.status).toBe(302);
    expect(new URL(res.location!).searchParams.get('error')).toBe('invalid_scope');
    expect(callbackState(res.location)).toBe(state);
  });

  it('through the login page: signed out, the longest non-ASCII state survives return_to', async () => {
    const state = '€'.repeat(682);
    const toLogin = await get(request(firstParty.client_id, state));
    expect(toLogin.status).toBe(302);
    const returnTo = new URL(toLogin.location!).searchParams.get('return_to')!;
    const signedIn = await post(`${server.url}/oauth/login`, { email: user.email, password: user.password, return_to: returnTo });
    expect(signedIn.status).toBe(303);
    const onward = await get(signedIn.location!, signedIn.setCookie);
    expect(onward.status).toBe(302);
    expect(callbackState(onward.location)).toBe(state);
  });

  it('a state over 2,048 bytes gets an error page, never a redirect, and nothing is written', async () => {
    const before = await tableContents(server.deps);
    for (const state of ['x'.repeat(2049), '€'.repeat(683)]) {
      const res = await get(request(firstParty.client_id, state), cookie);
      expect(res.status).toBe(400);
      expect(res.location).toBeUndefined();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('2048 bytes');
    }
    expect(await tableContents(server.deps)).toBe(before);
  });
});
