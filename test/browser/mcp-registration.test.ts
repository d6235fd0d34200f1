import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPagePerTest, launchChromium } from '../support/browser.js';
import { startCallbackServer, type CallbackServer } from '../support/callback-server.js';
import { connectJson } from '../support/cli.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { clientDocument, jsonDocument, startDocumentServer, type DocumentServer } from '../support/document-server.js';
import { verifyWithJwks } from '../support/jwt.js';
import { authorizeWithMcpSdk } from '../support/mcp-client.js';

/**
 * The official MCP TypeScript SDK's OAuth client functions against the real `npm start`
 * (REGISTRATION=open), the person's part in Chromium: an MCP client that was never
 * registered by an administrator becomes known by RFC 7591 registration, or by the URL of its
 * client ID metadata document (served from 127.0.0.1: the local-development exception), and
 * ends with a token that verifies against Connect's JWKS.
 */
describe('an MCP client using the official SDK against npm start', () => {
  const user = { email: 'mcp-user@example.com', password: 'correct horse battery staple' };
  let server: DevServer;
  let callback: CallbackServer;
  let docs: DocumentServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, callback, docs, browser] = await Promise.all([startDevServer({ REGISTRATION: 'open' }), startCallbackServer(), startDocumentServer(), launchChromium()]);
    await connectJson(server.cliEnv, ['scope:create', 'tools', '--description', 'Use the MCP server’s tools']);
    await connectJson(server.cliEnv, ['user:create', '--email', user.email, '--password-stdin'], `${user.password}\n`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await server?.stop();
  });

  const pages = freshPagePerTest(() => browser);

  it('registers dynamically (RFC 7591), authorizes with PKCE through sign-in and consent, and gets a token', async () => {
    const result = await authorizeWithMcpSdk({
      issuer: server.url,
      page: pages.page(),
      user,
      redirectUrl: callback.url,
      scope: 'tools',
      registration: { kind: 'dynamic' },
    });
    expect(result.metadata.registration_endpoint).toBe(`${server.url}/oauth/register`);
    expect(result.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.tokens).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), scope: 'tools', refresh_token: expect.any(String) });
    const { payload } = await verifyWithJwks(server.url, result.tokens.access_token);
    expect(payload).toMatchObject({ client_id: result.clientId, scope: 'tools' });
  });

  it('uses a client ID metadata document URL as its client_id, fetched once, and gets a token', async () => {
    const clientMetadataUrl = `${docs.origin}/mcp/client.json`;
    docs.route('/mcp/client.json', jsonDocument(clientDocument(clientMetadataUrl, { client_name: 'MCP SDK document client', redirect_uris: [callback.url] })));
    const result = await authorizeWithMcpSdk({
      issuer: server.url,
      page: pages.page(),
      user,
      redirectUrl: callback.url,
      scope: 'tools',
      registration: { kind: 'metadata_document', clientMetadataUrl },
    });
    expect(result.clientId).toBe(clientMetadataUrl);
    const { payload } = await verifyWithJwks(server.url, result.tokens.access_token);
    expect(payload).toMatchObject({ client_id: clientMetadataUrl, scope: 'tools' });
    expect(docs.hits('/mcp/client.json')).toBe(1);
  });
});
