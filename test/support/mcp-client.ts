import type { Page } from 'playwright-core';
import {
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  registerClient,
  startAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * An MCP client getting a token from Connect the way the official MCP TypeScript SDK does it:
 * its own discovery, registration, PKCE authorization request and code exchange, with the
 * person's part (sign in, consent) in Chromium. Reusable by any E2E test that then calls an
 * MCP server with the token (issue 14: the example server's test can start from here).
 */
export interface McpAuthorization {
  readonly tokens: OAuthTokens;
  readonly clientId: string;
  /** What discovery returned, for assertions. */
  readonly metadata: NonNullable<Awaited<ReturnType<typeof discoverAuthorizationServerMetadata>>>;
}

export interface McpAuthorizationOptions {
  /** Connect's issuer, e.g. `npm start`'s http://localhost:PORT. */
  readonly issuer: string;
  /** A page of a fresh browser context: it signs in and approves. */
  readonly page: Page;
  readonly user: { readonly email: string; readonly password: string };
  /** The client's callback (a loopback redirect URI). */
  readonly redirectUrl: string;
  readonly scope?: string;
  /** RFC 8707 resource the token is for, when the server knows it (part A). */
  readonly resource?: URL;
  /** How the client becomes known: RFC 7591 registration, or the URL of its metadata document. */
  readonly registration: { readonly kind: 'dynamic' } | { readonly kind: 'metadata_document'; readonly clientMetadataUrl: string };
}

export async function authorizeWithMcpSdk(options: McpAuthorizationOptions): Promise<McpAuthorization> {
  const { issuer, page, redirectUrl, scope } = options;
  const metadata = await discoverAuthorizationServerMetadata(issuer);
  if (!metadata) throw new Error(`no authorization server metadata at ${issuer}`);

  let clientInformation: OAuthClientInformationMixed;
  if (options.registration.kind === 'dynamic') {
    clientInformation = await registerClient(issuer, {
      metadata,
      clientMetadata: {
        client_name: 'MCP SDK test client',
        redirect_uris: [redirectUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        ...(scope ? { scope } : {}),
      },
    });
  } else {
    // SEP-991, as the SDK's auth() does it when the server advertises support.
    if (metadata.client_id_metadata_document_supported !== true) throw new Error('the server does not advertise client ID metadata documents');
    clientInformation = { client_id: options.registration.clientMetadataUrl };
  }

  const state = crypto.randomUUID();
  const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, {
    metadata,
    clientInformation,
    redirectUrl,
    state,
    ...(scope ? { scope } : {}),
    ...(options.resource ? { resource: options.resource } : {}),
  });

  // The person's part: sign in, then approve on the consent page.
  await page.goto(authorizationUrl.href);
  await page.waitForURL(`${issuer}/oauth/login?**`);
  await page.getByLabel('Email').fill(options.user.email);
  await page.getByLabel('Password').fill(options.user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${issuer}/oauth/authorize?**`);
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(`${redirectUrl}?**`);
  const answer = new URL(page.url()).searchParams;
  if (answer.get('state') !== state) throw new Error(`the callback's state is not the request's: ${page.url()}`);
  const code = answer.get('code');
  if (!code) throw new Error(`no code at the callback: ${page.url()}`);

  const tokens = await exchangeAuthorization(issuer, {
    metadata,
    clientInformation,
    authorizationCode: code,
    codeVerifier,
    redirectUri: redirectUrl,
    ...(options.resource ? { resource: options.resource } : {}),
  });
  return { tokens, clientId: clientInformation.client_id, metadata };
}
