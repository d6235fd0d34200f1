import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { authorizeUrl, CALLBACK, formFields, get, post, tableContents, type Page } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Login CSRF and its relatives: `Origin: null` is what a sandboxed frame, a `data:` page or a
 * page with `Referrer-Policy: no-referrer` sends with a forged form post. It is refused on
 * every form post — login, consent, logout and the account page's forms — with a 403 error
 * page and nothing written, whether or not `Sec-Fetch-Site` comes along.
 */
describe('form posts with Origin: null', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let client: { client_id: string };
  let read: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    client = await aClient(server.deps, { kind: 'confidential' });
    alice = await aSignedInUser(server.url, server.deps);
  });

  const HEADER_SETS: Record<string, string>[] = [
    { origin: 'null' },
    { origin: 'null', 'sec-fetch-site': 'same-origin' },
    { origin: 'null', 'sec-fetch-site': 'none' },
  ];

  async function expectRefused(send: (headers: Record<string, string>) => Promise<Page>) {
    const before = await tableContents(server.deps);
    for (const headers of HEADER_SETS) {
      const res = await send(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.text).toContain('This form was sent from another site.');
      expect(res.location).toBeUndefined();
      expect(res.setCookie).toBeUndefined();
    }
    expect(await tableContents(server.deps)).toBe(before);
  }

  it('login: no session, no counted attempt', async () => {
    await expectRefused((headers) => post(`${server.url}/oauth/login`, { email: alice.email, password: alice.password }, undefined, headers));
  });

  it('consent: no code, no remembered consent, even with the right CSRF token', async () => {
    const params = { response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK, state: 's', scope: read };
    const page = await get(authorizeUrl(server.url, params), alice.cookie);
    expect(page.status).toBe(200);
    const fields = { ...formFields(page.text), decision: 'approve' };
    await expectRefused((headers) => post(`${server.url}/oauth/authorize`, fields, alice.cookie, headers));
  });

  it('logout: the session stays', async () => {
    await expectRefused((headers) => post(`${server.url}/oauth/logout`, { csrf_token: alice.csrf }, alice.cookie, headers));
    expect((await get(`${server.url}/oauth/login`, alice.cookie)).text).toContain(alice.email);
  });

  it("the account page's forms: no client created", async () => {
    await expectRefused((headers) =>
      post(`${server.url}/oauth/account/clients`, { csrf_token: alice.csrf, name: 'forged', redirect_uri: CALLBACK }, alice.cookie, headers),
    );
  });

  it('the same forms still work from this site: the real origin, or no browser headers at all', async () => {
    const origin = { origin: server.url, 'sec-fetch-site': 'same-origin' };
    const signedIn = await post(`${server.url}/oauth/login`, { email: alice.email, password: alice.password }, undefined, origin);
    expect(signedIn.status).toBe(303);
    expect(signedIn.setCookie).toMatch(/^connect_session=/);
  });
});
