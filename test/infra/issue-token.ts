import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { loadConfig } from '../../functions/config.js';
import { issuerOf } from '../../functions/http/chain.js';
import { KeyRing } from '../../functions/oauth/tokens/keyring.js';
import type { KeyProtector, SigningKey, SigningKeyRepository } from '../../functions/oauth/ports.js';
import { signAccessToken } from '../../functions/oauth/tokens/access-tokens.js';

/** Signing keys in memory, private keys unsealed: only what KeyRing needs to sign. */
export function memoryKeyRing(): KeyRing {
  const keys: SigningKey[] = [];
  const repository: SigningKeyRepository = {
    list: async () => [...keys],
    add: async (key) => void keys.unshift(key),
    addFirst: async (key) => (keys.length === 0 ? (keys.push(key), true) : false),
  };
  const clear: KeyProtector = { encrypt: async (text) => text, decrypt: async (text) => text };
  return new KeyRing(repository, clear);
}

/**
 * An access token as a deployed token function would sign it: its configuration from the
 * environment the stack gives it, the issuer worked out from a request to `domainName`, the
 * audience as the token endpoint picks it (AUDIENCE, else the issuer).
 */
export async function issueLikeTheServer(environment: Record<string, string>, domainName: string) {
  const config = loadConfig(environment);
  const event = { headers: { host: domainName }, requestContext: { domainName } } as unknown as APIGatewayProxyEventV2;
  const issuer = issuerOf(config, event);
  const keys = memoryKeyRing();
  const issued = await signAccessToken(keys, {
    issuer,
    audience: config.audience ?? issuer,
    subject: 'user-1',
    clientId: 'client-1',
    scopes: ['orders:read'],
    ttlSeconds: config.accessTokenTtl,
  });
  return { token: issued.token, jwks: createLocalJWKSet(await keys.jwks()) };
}

/** The checks API Gateway's JWT authorizer makes (iss exact, aud among the audiences, exp, RSA). */
export async function verifyLikeApiGateway(
  issued: Awaited<ReturnType<typeof issueLikeTheServer>>,
  authorizer: { Issuer: string; Audience: string[] },
) {
  const { payload } = await jwtVerify(issued.token, issued.jwks, {
    issuer: authorizer.Issuer,
    audience: authorizer.Audience,
    algorithms: ['RS256'],
  });
  return payload;
}
