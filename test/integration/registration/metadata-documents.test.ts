import { beforeAll, describe, expect, it } from 'vitest';
import { aScope, aUser } from '../../support/fixtures.js';
import { clientDocument, jsonDocument, startDocumentServer, trickle, type DocumentServer } from '../../support/document-server.js';
import { getJson, postForm } from '../../support/http.js';
import { authorizeUrl, CALLBACK, formFields, get, pkcePair, post, query, signIn, tableContents } from '../../support/oauth-flow.js';
import { registerClient } from '../../support/registration.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Client ID metadata documents (SPEC §9) on the local-development exception: the issuer is
 * http://localhost, so documents served from http://127.0.0.1 may be fetched. The refusals
 * that do not depend on the address are all here; ssrf.test.ts covers the addresses.
 */
describe('a client_id that is the URL of a client ID metadata document', () => {
  let server: TestServer;
  let docs: DocumentServer;
  let cookie: string;
  let scope: string;

  beforeAll(async () => {
    // A short fetch deadline, so the slow document is refused without a test waiting 5 s.
    server = await startTestServer({ CIMD_FETCH_TIMEOUT_MS: '1500' });
    docs = await startDocumentServer();
    scope = (await aScope(server.deps, undefined, 'Read your notes')).name;
    const user = await aUser(server.deps);
    cookie = await signIn(server.url, user.email, user.password);
  });

  const serve = (path: string, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const url = `${docs.origin}${path}`;
    docs.route(path, jsonDocument(clientDocument(url, fields), headers));
    return url;
  };
  const request = (clientId: string, challenge: string, extra: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope,
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });

  /** An error page naming the reason, no redirect, and nothing written to the table. */
  async function expectRefused(clientId: string, reason: RegExp) {
    const before = await tableContents(server.deps);
    const res = await get(authorizeUrl(server.url, request(clientId, pkcePair().challenge)), cookie);
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(reason);
    expect(await tableContents(server.deps)).toBe(before);
  }

  it('is advertised in the server metadata; registration, off by default, is neither advertised nor answered (404)', async () => {
    const res = await getJson(`${server.url}/.well-known/oauth-authorization-server`);
    expect(res.body.client_id_metadata_document_supported).toBe(true);
    expect(res.body.registration_endpoint).toBeUndefined();
    const register = await registerClient(server.url, { redirect_uris: [CALLBACK] });
    expect(register.status).toBe(404);
    expect(register.body.error).toBe('not_found');
    expect((await server.deps.clients.list()).length).toBe(0);
  });

  it('gets a token through consent showing the host name, fetching the document once for the whole flow', async () => {
    const clientId = serve('/apps/notes.json', { client_name: 'Notes <script>alert(1)</script>', logo_uri: 'https://cdn.example/logo.png' }, { 'cache-control': 'max-age=600' });
    const { verifier, challenge } = pkcePair();
    const consent = await get(authorizeUrl(server.url, request(clientId, challenge)), cookie);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain(`<strong class="host">127.0.0.1:${docs.port}</strong>`);
    expect(consent.text).toContain('Notes &lt;script&gt;');
    expect(consent.text).not.toContain('<script>alert');
    expect(consent.text).not.toContain('cdn.example');
    const answer = await post(`${server.url}/oauth/authorize`, { ...formFields(consent.text), decision: 'approve' }, cookie);
    const { code, state } = query(answer.location);
    expect(state).toBe('st-1');
    const token = await postForm(`${server.url}/oauth/token`, {
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: CALLBACK,
      client_id: clientId,
      code_verifier: verifier,
    });
    expect(token.status, token.text).toBe(200);
    expect(token.body.refresh_token).toEqual(expect.any(String));
    // The client revokes its refresh token as a public client: client_id alone (RFC 7009).
    const revoked = await postForm(`${server.url}/oauth/revoke`, { token: token.body.refresh_token, client_id: clientId });
    expect(revoked.status).toBe(200);
    const refresh = await postForm(`${server.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: token.body.refresh_token, client_id: clientId });
    expect(refresh.body.error).toBe('invalid_grant');
    // Consent page, consent answer, token, revocation, refresh: one fetch, then the table's copy.
    expect(docs.hits('/apps/notes.json')).toBe(1);
  });

  it('asks for consent again on the next request: a document client is never waved through', async () => {
    const clientId = serve('/apps/again.json');
    for (let i = 0; i < 2; i++) {
      const res = await get(authorizeUrl(server.url, request(clientId, pkcePair().challenge)), cookie);
      expect(res.status).toBe(200);
      await post(`${server.url}/oauth/authorize`, { ...formFields(res.text), decision: 'approve' }, cookie);
    }
    const third = await get(authorizeUrl(server.url, request(clientId, pkcePair().challenge)), cookie);
    expect(third.status).toBe(200);
    expect(third.text).toContain('name="decision" value="approve"');
    expect(docs.hits('/apps/again.json')).toBe(1);
  });

  it('fetches a new document once when several requests for it arrive at once', async () => {
    const clientId = serve('/apps/popular.json');
    const pages = await Promise.all(Array.from({ length: 5 }, () => get(authorizeUrl(server.url, request(clientId, pkcePair().challenge)), cookie)));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200, 200]);
    expect(docs.hits('/apps/popular.json')).toBe(1);
  });

  it('requires PKCE: the client is public', async () => {
    const clientId = serve('/apps/no-pkce.json');
    const { code_challenge: _c, code_challenge_method: _m, ...withoutPkce } = request(clientId, '');
    const res = await get(authorizeUrl(server.url, withoutPkce), cookie);
    expect(res.status).toBe(302);
    expect(query(res.location)).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a redirect_uri the document does not list with an error page', async () => {
    const clientId = serve('/apps/redirects.json');
    const res = await get(authorizeUrl(server.url, request(clientId, pkcePair().challenge, { redirect_uri: 'http://localhost:9999/elsewhere' })), cookie);
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
  });

  it('refuses a document whose client_id is not its own URL', async () => {
    const url = `${docs.origin}/apps/impostor.json`;
    docs.route('/apps/impostor.json', jsonDocument(clientDocument(`${docs.origin}/apps/genuine.json`)));
    await expectRefused(url, /client_id in the document is not the URL/);
  });

  it('refuses a redirect, without following it', async () => {
    const target = serve('/apps/target.json');
    docs.route('/apps/moved.json', (_req, res) => res.writeHead(302, { location: target }).end());
    await expectRefused(`${docs.origin}/apps/moved.json`, /redirect/);
    expect(docs.hits('/apps/target.json')).toBe(0);
  });

  it('refuses a document over 5 KB, declared or not', async () => {
    const url = `${docs.origin}/apps/huge.json`;
    docs.route('/apps/huge.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length to go by
      res.write(JSON.stringify(clientDocument(url, { padding: 'x'.repeat(3000) })).slice(0, -1));
      res.end(`, "more": "${'y'.repeat(3000)}"}`);
    });
    await expectRefused(url, /larger than 5120 bytes/);
  });

  it('refuses a document that trickles in past the deadline', async () => {
    docs.route('/apps/slow.json', trickle());
    await expectRefused(`${docs.origin}/apps/slow.json`, /did not arrive within 1500 ms/);
  });

  it('refuses a document not served as JSON, or not a valid client', async () => {
    docs.route('/apps/page.json', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'));
    await expectRefused(`${docs.origin}/apps/page.json`, /not served as JSON/);
    const secretive = serve('/apps/secret.json', { token_endpoint_auth_method: 'client_secret_basic' });
    await expectRefused(secretive, /token_endpoint_auth_method must be &quot;none&quot;|token_endpoint_auth_method must be "none"/);
    const noRedirects = serve('/apps/no-redirects.json', { redirect_uris: [] });
    await expectRefused(noRedirects, /redirect_uris/);
    docs.route('/apps/missing.json', (_req, res) => res.writeHead(404).end());
    await expectRefused(`${docs.origin}/apps/missing.json`, /HTTP 404/);
  });

  it('refuses a URL without a path, or not in its canonical form, without fetching it', async () => {
    await expectRefused(`${docs.origin}/`, /must have a path/);
    await expectRefused(`${docs.origin}/apps/../apps/x.json`, /canonical form/);
    expect(docs.hits('/apps/x.json')).toBe(0);
  });

  it('answers invalid_client JSON at the token endpoint for a document it cannot use', async () => {
    docs.route('/apps/broken.json', jsonDocument('{not json'));
    const res = await postForm(`${server.url}/oauth/token`, {
      grant_type: 'authorization_code',
      code: 'x'.repeat(43),
      redirect_uri: CALLBACK,
      client_id: `${docs.origin}/apps/broken.json`,
      code_verifier: 'v'.repeat(43),
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.body.error_description).toMatch(/not valid JSON/);
  });
});
