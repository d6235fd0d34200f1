import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireScopes, type AuthorizedContext } from '../../../functions/http/require-scopes.js';
import { signAccessToken } from '../../../functions/oauth/tokens/access-tokens.js';
import { memoryKeyRing } from '../../infra/issue-token.js';

let server: Server;
let issuer: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;
const connectKeys = memoryKeyRing();

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  // Connect's first key exists before any JWKS fetch, as it is published hours before it signs.
  await connectKeys.signer();
  const testKey = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' } as JWK;
  // A stand-in for Connect's GET /oauth/jwks, on loopback: a test key plus Connect's own key ring.
  server = createServer(async (req, res) => {
    const jwks = { keys: [testKey, ...(await connectKeys.jwks()).keys] };
    res.writeHead(req.url === '/oauth/jwks' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/oauth/jwks' ? jwks : {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** An access token as Connect signs it (RFC 9068), with any part overridable. */
function accessToken(overrides: { typ?: string; aud?: string; scope?: string; exp?: number; key?: CryptoKey } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ client_id: 'client-1', scope: overrides.scope ?? 'orders:read profile' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: overrides.typ ?? 'at+jwt' })
    .setIssuer(issuer)
    .setAudience(overrides.aud ?? issuer)
    .setSubject('user-1')
    .setJti('jti-1')
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 3600)
    .sign(overrides.key ?? signingKey);
}

/** docs/deploy.md's example resource server, pointed at the stand-in issuer. */
function ordersHandler() {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthorizedContext>()
    .use(requireScopes(['orders:read'], { issuer, realm: 'orders' }))
    .handler(async (_event, context) => ({
      statusCode: 200,
      body: JSON.stringify({ orders: [], for: context.auth.subject, client: context.auth.clientId }),
    }));
}

function call(authorization?: string, handler = ordersHandler()) {
  const event = { headers: authorization ? { authorization } : {} } as unknown as APIGatewayProxyEventV2;
  return handler(event, {} as AuthorizedContext) as Promise<APIGatewayProxyStructuredResultV2>;
}

describe('requireScopes', () => {
  it('lets a valid Connect access token with the scope through, with its subject and client on the context', async () => {
    const response = await call(`Bearer ${await accessToken()}`);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toEqual({ orders: [], for: 'user-1', client: 'client-1' });
  });

  it('accepts the access tokens Connect\'s own token code signs', async () => {
    const issued = await signAccessToken(connectKeys, {
      issuer,
      audience: issuer,
      subject: 'user-2',
      clientId: 'client-2',
      scopes: ['orders:read'],
      ttlSeconds: 3600,
    });
    const response = await call(`Bearer ${issued.token}`);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toMatchObject({ for: 'user-2', client: 'client-2' });
  });

  it('answers a request without a bearer token with a bare 401 challenge (RFC 6750 §3.1)', async () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz']) {
      const response = await call(authorization);
      expect(response.statusCode).toBe(401);
      expect(response.headers!['www-authenticate']).toBe('Bearer realm="orders"');
    }
  });

  it('rejects expired, foreign, mistyped or misaddressed tokens with 401 invalid_token', async () => {
    const cases = {
      expired: await accessToken({ exp: Math.floor(Date.now() / 1000) - 60 }),
      'signed by another key': await accessToken({ key: strangerKey }),
      'an ID token, not an access token': await accessToken({ typ: 'JWT' }),
      'for another audience': await accessToken({ aud: 'https://elsewhere.example.com' }),
      'not a JWT': 'not-a-token',
    };
    for (const [name, token] of Object.entries(cases)) {
      const response = await call(`Bearer ${token}`);
      expect(response.statusCode, name).toBe(401);
      expect(response.headers!['www-authenticate'], name).toMatch(/^Bearer realm="orders", error="invalid_token"/);
    }
    const expired = await call(`Bearer ${cases.expired}`);
    expect(expired.headers!['www-authenticate']).toContain('error_description="The access token expired"');
  });

  it('answers 403 insufficient_scope naming the scopes needed when the token lacks one', async () => {
    const response = await call(`Bearer ${await accessToken({ scope: 'profile' })}`);
    expect(response.statusCode).toBe(403);
    expect(response.headers!['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.headers!['www-authenticate']).toContain('scope="orders:read"');
  });

  it('fails as a server error, not as the caller\'s fault, when the JWKS cannot be fetched', async () => {
    const unreachable = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthorizedContext>()
      .use(requireScopes('orders:read', { issuer, jwksUri: 'http://127.0.0.1:9/oauth/jwks' }))
      .handler(async () => ({ statusCode: 200 }));
    await expect(call(`Bearer ${await accessToken()}`, unreachable)).rejects.toThrow();
  });
});

describe('requireScopes for a registered resource (RFC 8707, RFC 9728)', () => {
  const resource = 'https://orders.example.com/api';
  const handler = () =>
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, AuthorizedContext>()
      .use(requireScopes(['orders:read'], { issuer, resource }))
      .handler(async (_event, context) => ({ statusCode: 200, body: JSON.stringify({ for: context.auth.subject }) }));

  it('accepts only tokens whose aud is the resource, and points every 401 at its metadata document', async () => {
    expect((await call(`Bearer ${await accessToken({ aud: resource })}`, handler())).statusCode).toBe(200);
    const pointer = 'resource_metadata="https://orders.example.com/.well-known/oauth-protected-resource/api"';
    const wrong = await call(`Bearer ${await accessToken()}`, handler());
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers!['www-authenticate']).toMatch(/error="invalid_token"/);
    expect(wrong.headers!['www-authenticate']).toContain(pointer);
    expect((await call(undefined, handler())).headers!['www-authenticate']).toBe(`Bearer ${pointer}`);
  });
});
