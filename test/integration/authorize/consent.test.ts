import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { authorizeUrl, CALLBACK, formFields, get, post, query, signIn, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the consent screen', () => {
  let server: TestServer;
  let read: string;
  let write: string;
  let cookie: string;
  let otherCookie: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps, undefined, 'Read your <b>data</b>')).name;
    write = (await aScope(server.deps, undefined, 'Change your data')).name;
    const user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
    const other = await aUser(server.deps);
    otherCookie = await signIn(server.url, other.email, other.password);
  });

  const request = (clientId: string, scope: string) => ({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    state: 'st&te=1',
    scope,
  });

  async function consentFor(clientId: string, scope: string, session = cookie) {
    const res = await get(authorizeUrl(server.url, request(clientId, scope)), session);
    expect(res.status).toBe(200);
    return { res, fields: formFields(res.text) };
  }

  it("shows the client's name and each scope's description, escaped, with the approve and deny buttons", async () => {
    const client = await aClient(server.deps, { kind: 'confidential', name: 'Photo <Printer>' });
    const { res } = await consentFor(client.client_id, `${read} ${write}`);
    expect(res.text).toContain('Photo &lt;Printer&gt;');
    expect(res.text).toContain('Read your &lt;b&gt;data&lt;/b&gt;');
    expect(res.text).toContain('Change your data');
    expect(res.text).toContain('<button type="submit" name="decision" value="approve"');
    expect(res.text).toContain('<button type="submit" name="decision" value="deny"');
  });

  it('approving redirects to the callback with code, state and iss', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    const res = await post(`${server.url}/oauth/authorize`, { ...fields, decision: 'approve' }, cookie);
    expect(res.status).toBe(303);
    expect(res.location!.startsWith(`${CALLBACK}?`)).toBe(true);
    const answer = query(res.location);
    expect(answer.code).toMatch(/^[\w-]{43}$/);
    expect(answer.state).toBe('st&te=1');
    expect(answer.iss).toBe(server.url);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('denying redirects with access_denied, state and iss, and writes nothing', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    const before = await tableContents(server.deps);
    const res = await post(`${server.url}/oauth/authorize`, { ...fields, decision: 'deny' }, cookie);
    expect(query(res.location)).toMatchObject({ error: 'access_denied', state: 'st&te=1', iss: server.url });
    expect(query(res.location).code).toBeUndefined();
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('refuses a missing, forged or other session’s CSRF token with an error page and writes nothing', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    const { fields: theirs } = await consentFor(client.client_id, read, otherCookie);
    const { csrf_token: _omit, ...withoutToken } = fields;
    const before = await tableContents(server.deps);
    for (const form of [withoutToken, { ...fields, csrf_token: 'forged' }, { ...fields, csrf_token: theirs.csrf_token! }]) {
      const res = await post(`${server.url}/oauth/authorize`, { ...form, decision: 'approve' }, cookie);
      expect(res.status).toBe(403);
      expect(res.location).toBeUndefined();
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('sends an answer without a live session to the login page, writing nothing', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    const before = await tableContents(server.deps);
    const res = await post(`${server.url}/oauth/authorize`, { ...fields, decision: 'approve' }, 'connect_session=tampered');
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/\/oauth\/login\?return_to=%2Foauth%2Fauthorize%3F/);
    expect(res.location).not.toMatch(/csrf_token|decision/);
    expect(await tableContents(server.deps)).toBe(before);
  });

  it('validates the hidden fields again: a swapped redirect URI gets the error page', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    const res = await post(`${server.url}/oauth/authorize`, { ...fields, redirect_uri: 'https://evil.example/cb', decision: 'approve' }, cookie);
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
  });

  it('remembers an approval: the same scopes again skip the screen, wider ones ask again', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    await post(`${server.url}/oauth/authorize`, { ...fields, decision: 'approve' }, cookie);
    const again = await get(authorizeUrl(server.url, request(client.client_id, read)), cookie);
    expect(again.status).toBe(302);
    expect(query(again.location).code).toMatch(/^[\w-]{43}$/);
    const wider = await get(authorizeUrl(server.url, request(client.client_id, `${read} ${write}`)), cookie);
    expect(wider.status).toBe(200);
    // Another user has approved nothing.
    expect((await get(authorizeUrl(server.url, request(client.client_id, read)), otherCookie)).status).toBe(200);
  });

  it('does not remember a denial', async () => {
    const client = await aClient(server.deps, { kind: 'confidential' });
    const { fields } = await consentFor(client.client_id, read);
    await post(`${server.url}/oauth/authorize`, { ...fields, decision: 'deny' }, cookie);
    expect((await get(authorizeUrl(server.url, request(client.client_id, read)), cookie)).status).toBe(200);
  });

  it('skips the screen for a first-party client', async () => {
    const client = await aClient(server.deps, { kind: 'confidential', firstParty: true });
    const res = await get(authorizeUrl(server.url, request(client.client_id, read)), cookie);
    expect(res.status).toBe(302);
    expect(query(res.location)).toMatchObject({ state: 'st&te=1', iss: server.url });
    expect(query(res.location).code).toMatch(/^[\w-]{43}$/);
  });
});
