import { beforeAll, describe, expect, it } from 'vitest';
import { clientDocument, jsonDocument, startDocumentServer, type DocumentServer } from '../../support/document-server.js';
import { authorizeUrl, CALLBACK, get, pkcePair, tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * SSRF (SPEC §9, the client ID metadata document draft's SSRF considerations): with an issuer that is not http://localhost — as deployed —
 * a client_id URL that leads to the server's own machine or network is refused with an error
 * page before any connection is made. A real document server listens on 127.0.0.1 throughout,
 * serving a valid document under every path, so a refusal is the policy, not a dead port.
 */
describe('a client ID metadata document URL pointing inwards, on a deployed (non-localhost) issuer', () => {
  let server: TestServer;
  let docs: DocumentServer;

  beforeAll(async () => {
    server = await startTestServer({ ISSUER: 'https://auth.example.test' });
    docs = await startDocumentServer();
  });

  async function expectRefused(clientId: string, reason: RegExp) {
    const before = await tableContents(server.deps);
    const path = new URL(clientId).pathname;
    docs.route(path, jsonDocument(clientDocument(clientId)));
    const params = { response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
    const res = await get(authorizeUrl(server.url, params));
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(reason);
    expect(docs.hits(path), 'the document server was never reached').toBe(0);
    expect(await tableContents(server.deps)).toBe(before);
  }

  it('refuses 127.0.0.1 written as an address', async () => {
    await expectRefused(`https://127.0.0.1:${docs.port}/loopback-literal.json`, /not public/);
  });

  it('refuses a host name that resolves to loopback (localhost, by the system resolver)', async () => {
    await expectRefused(`https://localhost:${docs.port}/loopback-name.json`, /resolves to an address that is not public/);
  });

  it('refuses the IPv6 loopback, and IPv4 loopback mapped into IPv6', async () => {
    await expectRefused(`https://[::1]:${docs.port}/v6-loopback.json`, /not public/);
    await expectRefused(`https://[::ffff:7f00:1]:${docs.port}/v6-mapped.json`, /not public/);
  });

  it('refuses private, link-local and cloud metadata addresses', async () => {
    await expectRefused('https://10.0.0.8/private.json', /not public/);
    await expectRefused('https://192.168.1.1/home.json', /not public/);
    await expectRefused('https://169.254.169.254/latest/meta-data.json', /not public/);
    await expectRefused('https://[fe80::1]/link-local.json', /not public/);
    await expectRefused('https://[fd00::1]/unique-local.json', /not public/);
  });

  it('refuses plain http, which only local development may use', async () => {
    await expectRefused(`http://127.0.0.1:${docs.port}/plain.json`, /must use https/);
  });
});
