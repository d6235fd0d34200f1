import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { nowSeconds } from '../../../../functions/clock.js';
import { loadConfig } from '../../../../functions/config.js';
import { sha256 } from '../../../../functions/oauth/crypto.js';
import { authorizationCodeGrant } from '../../../../functions/oauth/grants/authorization-code.js';
import type { GrantContext } from '../../../../functions/oauth/grants/grant.js';
import { refreshTokenGrant } from '../../../../functions/oauth/grants/refresh-token.js';
import type { AuthorizationCode, Client } from '../../../../functions/oauth/ports.js';
import { memoryKeyRing } from '../../../infra/issue-token.js';
import { aClientRecord, aGrantContext, runGrant } from '../../../support/grant-kit.js';
import { MemoryAuthorizationStore, MemoryTokenStore } from '../../../support/memory-store.js';

const ISSUER = 'http://127.0.0.1:1';
const REDIRECT = 'http://localhost:9999/callback';
/** When the user signed in: the session's creation, stored with the code. */
const SIGNED_IN_AT = 1_700_000_000;

/** The code and refresh grants on the in-memory adapters, with one key ring to verify against. */
function world() {
  const store = new MemoryTokenStore();
  const codes = new MemoryAuthorizationStore(store.batch);
  const keys = memoryKeyRing();
  const context = (grantType: GrantContext['grantType']): GrantContext => aGrantContext(grantType, { store, codes, keys }, ISSUER);
  const client: Client = aClientRecord({ kind: 'confidential', redirectUris: [REDIRECT], grantTypes: ['authorization_code', 'refresh_token'] });
  /** A code as the authorization endpoint stores it for an OpenID request (nonce, sign-in time, session id). */
  async function code(fields: Partial<AuthorizationCode> = {}): Promise<string> {
    const value = crypto.randomUUID();
    await codes.saveCode({
      digest: sha256(value), clientId: client.id, redirectUri: REDIRECT, userId: 'user-7', scopes: ['openid', 'profile'],
      createdAt: nowSeconds(), expiresAt: nowSeconds() + 600, nonce: 'n-42', authTime: SIGNED_IN_AT, sid: 'sid-1', ...fields,
    });
    return value;
  }
  const exchange = async (value: string) => runGrant(authorizationCodeGrant, store, context('authorization_code'), client, { code: value, redirect_uri: REDIRECT });
  const refresh = async (token: string, scope?: string) =>
    runGrant(refreshTokenGrant, store, context('refresh_token'), client, { refresh_token: token, ...(scope ? { scope } : {}) });
  /** Verifies an id_token as a relying party would: the published key of its kid, our issuer, the client as audience. */
  async function verify(idToken: string) {
    const { kid } = decodeProtectedHeader(idToken);
    const jwk = (await keys.jwks()).keys.find((k) => k.kid === kid) as JWK;
    return (await jwtVerify(idToken, await importJWK(jwk, 'RS256'), { issuer: ISSUER, audience: client.id, algorithms: ['RS256'] })).payload;
  }
  return { client, code, exchange, refresh, verify };
}

/** OIDC Core §3.1.3.6, computed here independently of the implementation. */
const atHash = (token: string) => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

describe('id_tokens (OIDC Core §2, §3.1.3.3)', () => {
  it('come with the code exchange of an openid request, with every claim of SPEC §10', async () => {
    const { client, code, exchange, verify } = world();
    const answer = await exchange(await code());
    const claims = await verify(answer.id_token!);
    expect(claims).toMatchObject({ iss: ISSUER, sub: 'user-7', aud: client.id, nonce: 'n-42', sid: 'sid-1', at_hash: atHash(answer.access_token) });
    expect(claims.auth_time).toBe(SIGNED_IN_AT);
    expect(claims.exp! - claims.iat!).toBe(loadConfig({}).accessTokenTtl);
    expect(decodeProtectedHeader(answer.id_token!)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    // The access token's subject is the same user.
    expect(decodeJwt(answer.access_token).sub).toBe(claims.sub);
  });

  it('are new on each refresh of an openid grant: same sign-in and session, no nonce, at_hash of the new access token', async () => {
    const { code, exchange, refresh, verify } = world();
    const first = await exchange(await code());
    const second = await refresh(first.refresh_token!);
    const claims = await verify(second.id_token!);
    expect(second.id_token).not.toBe(first.id_token);
    expect(claims).toMatchObject({ sub: 'user-7', auth_time: SIGNED_IN_AT, sid: 'sid-1', at_hash: atHash(second.access_token) });
    expect(claims.nonce).toBeUndefined();
  });

  it('are not issued without openid, nor on a refresh that narrows it away', async () => {
    const { code, exchange, refresh } = world();
    expect((await exchange(await code({ scopes: ['profile'] }))).id_token).toBeUndefined();
    const grant = await exchange(await code());
    expect((await refresh(grant.refresh_token!, 'profile')).id_token).toBeUndefined();
  });

  it('omit the nonce when the request sent none', async () => {
    const { code, exchange, verify } = world();
    const { nonce: _none, ...claims } = await verify((await exchange(await code({ nonce: undefined }))).id_token!);
    expect(claims.sub).toBe('user-7');
    expect(_none).toBeUndefined();
  });
});
