import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPagePerTest, launchChromium } from '../support/browser.js';
import { startCallbackServer, type CallbackServer } from '../support/callback-server.js';
import { connectJson } from '../support/cli.js';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { clientDocument, jsonDocument, startDocumentServer, type DocumentServer } from '../support/document-server.js';
import { basic, postForm } from '../support/http.js';
import { startMcpExample, type McpExample } from '../support/mcp-example.js';

/**
 * The MCP authorization flow end to end (SPEC §9), with the official MCP TypeScript SDK's
 * client and OAuth machinery against `npm start` (REGISTRATION=open) and the example MCP server
 * (examples/mcp-server): a 401 points the client at the protected-resource metadata (RFC 9728),
 * which points at Connect; the client reads Connect's metadata (RFC 8414), becomes known to it
 * (pre-registered, by RFC 7591 registration, or by its client ID metadata document), sends the
 * person to /oauth/authorize with PKCE and `resource` (RFC 8707) — signing in and consenting
 * happen in Chromium — exchanges the code and calls the tool with a token bound to the MCP server.
 */

/** What the servers under test offer a registration while it sets itself up. */
interface SetUpContext {
  readonly cli: (args: string[]) => Promise<any>;
  readonly redirectUri: string;
  readonly docs: DocumentServer;
}

/** How the MCP client comes to have a client_id: each way is one entry. */
interface Registration {
  readonly name: string;
  setUp(context: SetUpContext): Promise<ClientIdentity>;
}

/** The provider parts that identify the client, and what the person and the client then notice. */
interface ClientIdentity extends Pick<OAuthClientProvider, 'clientInformation'>, Partial<Pick<OAuthClientProvider, 'saveClientInformation'>> {
  /** The client_id its tokens must carry (known after registration at the latest). */
  clientId(): string | undefined;
  /** On the consent page: the name the client goes by, and the host it is proven to come from (metadata documents). */
  readonly consent: { readonly name: string; readonly host?: string };
  /** What this way of registering leaves behind, checked once the tool has answered. */
  afterwards?(): void;
}

const REGISTRATIONS: Registration[] = [
  {
    name: 'a public client pre-registered with the CLI',
    async setUp({ cli, redirectUri }) {
      const client = await cli(['client:create', '--name', 'MCP Desktop', '--public', '--redirect-uri', redirectUri]);
      return { clientInformation: () => ({ client_id: client.client_id }), clientId: () => client.client_id, consent: { name: 'MCP Desktop' } };
    },
  },
  {
    // Nothing stored: the SDK's auth() registers at Connect's registration_endpoint by itself.
    name: 'dynamic client registration (RFC 7591)',
    async setUp({ redirectUri }) {
      let saved: OAuthClientInformationMixed | undefined;
      return {
        clientInformation: () => saved,
        saveClientInformation: (info) => void (saved = info),
        clientId: () => saved?.client_id,
        consent: { name: 'MCP Desktop' },
        afterwards() {
          // Registered as a public client (no secret), as Connect's answer says (RFC 7591 §3.2.1).
          expect(saved).toMatchObject({ client_id: expect.stringMatching(/^[0-9a-f-]{36}$/), client_id_issued_at: expect.any(Number), redirect_uris: [redirectUri] });
          expect(saved).not.toHaveProperty('client_secret');
        },
      };
    },
  },
  {
    // With a metadata document the client_id IS its URL: nothing to register. The SDK's auth()
    // only turns `clientMetadataUrl` into a client_id for https URLs, so this desktop client
    // (its document on 127.0.0.1: the local-development exception) returns it as its client ID.
    name: 'a client ID metadata document served from 127.0.0.1',
    async setUp({ redirectUri, docs }) {
      const url = `${docs.origin}/mcp/notebook.json`;
      const document = clientDocument(url, { client_name: 'MCP Notebook', redirect_uris: [redirectUri], logo_uri: 'https://logo.example/notebook.png' });
      docs.route(new URL(url).pathname, jsonDocument(document));
      return {
        clientInformation: () => ({ client_id: url }),
        clientId: () => url,
        consent: { name: 'MCP Notebook', host: new URL(url).host },
        afterwards() {
          // Fetched once for the authorization request and the code exchange alike (its cache).
          expect(docs.hits(new URL(url).pathname)).toBe(1);
        },
      };
    },
  },
];

/** An OAuthClientProvider as a desktop MCP client implements it, with its browser step left to the test. */
class TestProvider implements OAuthClientProvider {
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;

  constructor(
    readonly redirectUrl: string,
    private readonly identity: ClientIdentity,
  ) {}

  get clientMetadata() {
    return { client_name: 'MCP Desktop', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  clientInformation(): OAuthClientInformationMixed | undefined | Promise<OAuthClientInformationMixed | undefined> {
    return this.identity.clientInformation();
  }

  saveClientInformation(info: OAuthClientInformationMixed) {
    return this.identity.saveClientInformation?.(info);
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier;
  }
}

describe('an MCP client authorizing with Connect for the example MCP server', () => {
  const email = 'grace@example.com';
  const password = 'correct horse battery staple';
  let server: DevServer;
  let mcp: McpExample;
  let callback: CallbackServer;
  let docs: DocumentServer;
  let browser: Browser;
  let userId: string;

  const cli = (args: string[], stdin?: string) => connectJson(server.cliEnv, args, stdin);

  beforeAll(async () => {
    [server, callback, docs, browser] = await Promise.all([startDevServer({ REGISTRATION: 'open' }), startCallbackServer(), startDocumentServer(), launchChromium()]);
    mcp = await startMcpExample(server.url);
    await cli(['scope:create', 'mcp:tools', '--description', 'Use the tools of the example MCP server']);
    await cli(['resource:create', mcp.url, '--name', 'Example MCP server', '--scopes', 'mcp:tools']);
    userId = (await cli(['user:create', '--email', email, '--password-stdin'], `${password}\n`)).id;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await mcp?.stop();
    await server?.stop();
  });

  const pages = freshPagePerTest(() => browser);

  /** The person's part: sign in and approve in Chromium; returns the code the callback got. */
  async function signInAndApprove(authorizationUrl: URL, shown: ClientIdentity['consent']): Promise<string> {
    const page = pages.page();
    await page.goto(authorizationUrl.href);
    await page.waitForURL(`${server.url}/oauth/login?**`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/oauth/authorize?**`);
    const consent = await page.locator('main').innerText();
    expect(consent).toContain(shown.name);
    expect(consent).toContain('Example MCP server');
    // A metadata document's client: its host, the one proven thing, above the name it claims;
    // its logo_uri never loaded (the page's CSP would report it: freshPagePerTest fails on that).
    if (shown.host) expect(await page.locator('.client-host .host').innerText()).toBe(shown.host);
    else expect(await page.locator('.client-host').count()).toBe(0);
    expect(await page.locator('main img').count()).toBe(0);
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(`${callback.url}?**`);
    const answer = Object.fromEntries(new URL(page.url()).searchParams);
    expect(answer.iss).toBe(server.url);
    return answer.code!;
  }

  it.each(REGISTRATIONS)('discovers Connect, authorizes with PKCE and resource, and calls the tool ($name)', async (registration) => {
    const identity = await registration.setUp({ cli, redirectUri: callback.url, docs });
    const provider = new TestProvider(callback.url, identity);

    // 1. No token: the server's 401 names its metadata, which names Connect; the SDK sends us to authorize.
    const first = new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: provider });
    await expect(new Client({ name: 'mcp-desktop', version: '1.0.0' }).connect(first)).rejects.toThrow(UnauthorizedError);
    const url = provider.authorizationUrl!;
    expect(`${url.origin}${url.pathname}`).toBe(`${server.url}/oauth/authorize`);
    expect(url.searchParams.get('resource')).toBe(mcp.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('mcp:tools');

    // 2. The person signs in and consents; the SDK exchanges the code (with the verifier and resource).
    expect(url.searchParams.get('client_id')).toBe(identity.clientId());
    await first.finishAuth(await signInAndApprove(url, identity.consent));
    expect(provider.saved).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), scope: 'mcp:tools', refresh_token: expect.any(String) });
    const access = decodeJwt(provider.saved!.access_token);
    expect(access).toMatchObject({ iss: server.url, aud: mcp.url, scope: 'mcp:tools', sub: userId, client_id: identity.clientId() });

    // 3. With the token bound to the MCP server, the tool answers for the person.
    const client = new Client({ name: 'mcp-desktop', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url), { authProvider: provider }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['whoami']);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.structuredContent).toEqual({ sub: userId, client_id: identity.clientId(), scopes: ['mcp:tools'] });
    await client.close();
    identity.afterwards?.();
  });

  it('refuses a token for another resource, or with Connect\'s default audience, with 401 and the metadata pointer', async () => {
    const other = 'https://other.example/mcp';
    await cli(['resource:create', other, '--scopes', 'mcp:tools']);
    const machine = await cli(['client:create', '--name', 'Robot', '--client-credentials']);
    const pointer = `resource_metadata="${new URL(mcp.url).origin}/.well-known/oauth-protected-resource/mcp"`;
    for (const resource of [other, undefined]) {
      const issued = await postForm(
        `${server.url}/oauth/token`,
        { grant_type: 'client_credentials', scope: 'mcp:tools', ...(resource ? { resource } : {}) },
        { authorization: basic(machine.client_id, machine.client_secret) },
      );
      expect(issued.status).toBe(200);
      const res = await fetch(mcp.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${issued.body.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(res.headers.get('www-authenticate')).toContain(pointer);
    }
  });
});
