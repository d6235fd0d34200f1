import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Verifies an access token the way a resource server would: against the published JWKS. */
export async function verifyWithJwks(baseUrl: string, token: string): Promise<{ payload: JWTPayload; header: Record<string, unknown> }> {
  const jwks = createRemoteJWKSet(new URL(`${baseUrl}/oauth/jwks`), { cacheMaxAge: 0, cooldownDuration: 0 });
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: baseUrl,
    audience: baseUrl,
    typ: 'at+jwt',
    algorithms: ['RS256'],
  });
  return { payload, header: protectedHeader as Record<string, unknown> };
}
