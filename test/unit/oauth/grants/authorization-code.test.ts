import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { nowSeconds } from '../../../../functions/clock.js';
import { sha256 } from '../../../../functions/oauth/crypto.js';
import { authorizationCodeGrant } from '../../../../functions/oauth/grants/authorization-code.js';
import type { TokenResponse } from '../../../../functions/oauth/grants/grant.js';
import type { Client } from '../../../../functions/oauth/ports.js';
import { MemoryAuthorizationStore, MemoryTokenStore } from '../../../support/memory-store.js';
import { aClientRecord, aGrantContext, runGrant } from '../../../support/grant-kit.js';

const REDIRECT = 'http://localhost:9999/callback';
const VERIFIER = 'a'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

const aClient = (overrides: Partial<Client> = {}): Client =>
  aClientRecord({ name: 'Orders app', kind: 'public', secrets: [], redirectUris: [REDIRECT], grantTypes: ['authorization_code', 'refresh_token'], ...overrides });

/** The authorization_code grant on the in-memory adapter: codes, grants and refresh tokens, no table. */
function world() {
  const store = new MemoryTokenStore();
  const codes = new MemoryAuthorizationStore(store.batch);
  const context = aGrantContext('authorization_code', { store, codes });
  /** A code as the authorization endpoint issues it (RFC 6749 §4.1.2), with a PKCE challenge. */
  async function issue(client: Client, challenge: string | undefined = CHALLENGE) {
    const code = crypto.randomUUID();
    await codes.saveCode({
      digest: sha256(code),
      clientId: client.id,
      redirectUri: REDIRECT,
      userId: 'user-1',
      scopes: ['orders:read'],
      ...(challenge ? { codeChallenge: challenge } : {}),
      createdAt: nowSeconds(),
      expiresAt: nowSeconds() + 600,
    });
    return code;
  }
  const exchange = (client: Client, params: Record<string, string>): Promise<TokenResponse> =>
    runGrant(authorizationCodeGrant, store, context, client, params);
  return { store, issue, exchange };
}

describe('the authorization_code grant (RFC 6749 §4.1.3, PKCE per RFC 7636 §4.6)', () => {
  it('answers a token pair for the code, its redirect URI and its verifier', async () => {
    const { issue, exchange } = world();
    const client = aClient();
    const code = await issue(client);
    const answer = await exchange(client, { code, redirect_uri: REDIRECT, code_verifier: VERIFIER });
    expect(answer.refresh_token).toBeDefined();
    expect(answer.scope).toBe('orders:read');
    expect(decodeJwt(answer.access_token)).toMatchObject({ sub: 'user-1', client_id: client.id });
  });

  it('refuses a second redemption and revokes the grant the first one made (§4.1.2)', async () => {
    const { store, issue, exchange } = world();
    const client = aClient();
    const code = await issue(client);
    const first = await exchange(client, { code, redirect_uri: REDIRECT, code_verifier: VERIFIER });
    await expect(exchange(client, { code, redirect_uri: REDIRECT, code_verifier: VERIFIER })).rejects.toMatchObject({ code: 'invalid_grant' });
    const grantId = decodeJwt(first.access_token).gid as string;
    expect((await store.batch.load({ grant: store.reads.grant(grantId) })).grant?.revoked).toBe(true);
  });

  it('refuses a wrong verifier, a missing one, or a different redirect URI without burning the code', async () => {
    const { issue, exchange } = world();
    const client = aClient();
    const code = await issue(client);
    await expect(exchange(client, { code, redirect_uri: REDIRECT, code_verifier: 'b'.repeat(43) })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(exchange(client, { code, redirect_uri: REDIRECT })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(exchange(client, { code, redirect_uri: 'http://localhost:9999/other', code_verifier: VERIFIER })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(exchange(client, { code, redirect_uri: REDIRECT, code_verifier: VERIFIER })).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses a code issued to another client, and a public client’s code without PKCE', async () => {
    const { issue, exchange } = world();
    const owner = aClient();
    const code = await issue(owner);
    await expect(exchange(aClient(), { code, redirect_uri: REDIRECT, code_verifier: VERIFIER })).rejects.toMatchObject({ code: 'invalid_grant' });
    const bare = await issue(owner, undefined);
    await expect(exchange(owner, { code: bare, redirect_uri: REDIRECT })).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('refuses a missing code as invalid_request', async () => {
    const { exchange } = world();
    await expect(exchange(aClient(), { redirect_uri: REDIRECT })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
