import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '../../../functions/oauth/tokens/access-tokens.js';
import {
  protectedResource,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  requireBearer,
  type AuthenticatedRequest,
} from '../../../functions/resource-server/index.js';
import { memoryKeyRing } from '../../infra/issue-token.js';

/**
 * connect-oauth/resource-server, behind a real Node HTTP server: a stand-in for Connect's JWKS
 * (Connect's own key ring) and a protected API at `<origin>/mcp` using the Node adapter.
 */
let jwks: Server;
let api: Server;
let issuer: string;
let origin: string;
let resource: string;
const keys = memoryKeyRing();

beforeAll(async () => {
  await keys.signer();
  jwks = createServer(async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(await keys.jwks()));
  });
  await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;

  api = createServer();
  await new Promise<void>((done) => api.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  resource = `${origin}/mcp`;
  const protect = protectedResource({ issuer, resource, scopesSupported: ['mcp:tools'], resourceName: 'Test MCP' });
  const metadata = protectedResourceMetadata(protect);
  const bearer = requireBearer(protect, { scopes: ['mcp:tools'] });
  api.on('request', async (req: AuthenticatedRequest, res) => {
    if (metadata(req, res)) return;
    if (!(await bearer(req, res))) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ sub: req.auth!.extra.subject, client: req.auth!.clientId, scopes: req.auth!.scopes }));
  });
});

afterAll(async () => {
  await Promise.all([jwks, api].map((s) => new Promise((done) => s.close(done))));
});

const token = (audience: string, scopes = ['mcp:tools']) =>
  signAccessToken(keys, { issuer, audience, subject: 'user-1', clientId: 'client-1', scopes, ttlSeconds: 600 }).then((t) => t.token);
const call = (authorization?: string) => fetch(`${origin}/mcp`, { headers: authorization ? { authorization } : {} });

describe('the protected-resource metadata address (RFC 9728 §3.1)', () => {
  it('puts the well-known segment between the host and the path', () => {
    expect(protectedResourceMetadataUrl('https://h.example/mcp')).toBe('https://h.example/.well-known/oauth-protected-resource/mcp');
    expect(protectedResourceMetadataUrl('https://h.example/')).toBe('https://h.example/.well-known/oauth-protected-resource');
    expect(protectedResourceMetadataUrl('https://h.example:8443/a/b')).toBe('https://h.example:8443/.well-known/oauth-protected-resource/a/b');
  });

  it('serves the document there, naming Connect as the authorization server', async () => {
    const res = await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      resource,
      authorization_servers: [issuer],
      scopes_supported: ['mcp:tools'],
      bearer_methods_supported: ['header'],
      resource_name: 'Test MCP',
    });
  });
});

describe('requireBearer', () => {
  it('lets a token for this resource with the scope through, its subject and client on req.auth', async () => {
    const res = await call(`Bearer ${await token(resource)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: 'user-1', client: 'client-1', scopes: ['mcp:tools'] });
  });

  it('answers no token with 401 and the metadata pointer, without an error code (RFC 6750 §3.1)', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz']) {
      const res = await call(authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    }
  });

  it('refuses a token for another resource, or for Connect itself, with 401 invalid_token and the pointer', async () => {
    for (const audience of [issuer, `${origin}/other`]) {
      const res = await call(`Bearer ${await token(audience)}`);
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate')!;
      expect(challenge).toMatch(/^Bearer error="invalid_token"/);
      expect(challenge).toContain(`resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`);
    }
  });

  it('answers a token without the scope with 403 insufficient_scope', async () => {
    const res = await call(`Bearer ${await token(resource, ['other'])}`);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope", error_description="The access token lacks a required scope", scope="mcp:tools"');
  });
});
