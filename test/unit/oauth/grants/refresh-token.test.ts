import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../functions/config.js';
import { refreshTokenGrant } from '../../../../functions/oauth/grants/refresh-token.js';
import type { TokenResponse } from '../../../../functions/oauth/grants/grant.js';
import type { Client } from '../../../../functions/oauth/ports.js';
import { newRefreshFamily } from '../../../../functions/oauth/tokens/issue.js';
import { MemoryTokenStore } from '../../../support/memory-store.js';
import { aClientRecord, aGrantContext, runGrant } from '../../../support/grant-kit.js';

const aClient = (overrides: Partial<Client> = {}): Client =>
  aClientRecord({
    name: 'Orders app',
    kind: 'confidential',
    secrets: [],
    redirectUris: ['http://localhost:9999/callback'],
    grantTypes: ['authorization_code', 'refresh_token'],
    ...overrides,
  });

/** The refresh_token grant on the in-memory adapter: no table, the same ports as on DynamoDB. */
function world(env: Record<string, string> = {}) {
  const store = new MemoryTokenStore();
  const context = aGrantContext('refresh_token', { config: loadConfig(env), store });
  /** A family for `client`, as the code or password grant records it. */
  async function family(client: Client, scopes = ['orders:read', 'orders:write']) {
    const { authorization, refresh } = newRefreshFamily(client.id, 'user-1', scopes, 3600);
    await store.createGrant(authorization, refresh.record);
    return { grantId: authorization.id, token: refresh.token };
  }
  const exchange = (client: Client, params: Record<string, string>): Promise<TokenResponse> =>
    runGrant(refreshTokenGrant, store, context, client, params);
  return { store, family, exchange };
}

describe('the refresh_token grant (RFC 6749 §6, rotation per RFC 9700 §4.14.2)', () => {
  it('answers a new access token and a new refresh token, in the same family', async () => {
    const { family, exchange } = world();
    const client = aClient();
    const { grantId, token } = await family(client);
    const answer = await exchange(client, { refresh_token: token });
    expect(answer.refresh_token).toBeDefined();
    expect(answer.refresh_token).not.toBe(token);
    expect(answer.scope).toBe('orders:read orders:write');
    expect(decodeJwt(answer.access_token)).toMatchObject({ client_id: client.id, sub: 'user-1', gid: grantId });
  });

  it('revokes the whole family when a rotated token is used again, so its successor stops working too', async () => {
    const { store, family, exchange } = world();
    const client = aClient();
    const { grantId, token } = await family(client);
    const next = (await exchange(client, { refresh_token: token })).refresh_token!;
    await expect(exchange(client, { refresh_token: token })).rejects.toMatchObject({ code: 'invalid_grant' });
    expect((await store.batch.load({ grant: store.reads.grant(grantId) })).grant?.revoked).toBe(true);
    await expect(exchange(client, { refresh_token: next })).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('lets a retry within REFRESH_GRACE_SECONDS have a new pair instead of revoking', async () => {
    const { family, exchange } = world({ REFRESH_GRACE_SECONDS: '30' });
    const client = aClient();
    const { token } = await family(client);
    const first = await exchange(client, { refresh_token: token });
    const retry = await exchange(client, { refresh_token: token });
    expect(retry.refresh_token).not.toBe(first.refresh_token);
    await expect(exchange(client, { refresh_token: first.refresh_token! })).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses a refresh token issued to another client, without revoking it for its own', async () => {
    const { family, exchange } = world();
    const owner = aClient();
    const { token } = await family(owner);
    await expect(exchange(aClient(), { refresh_token: token })).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(exchange(owner, { refresh_token: token })).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('narrows the scope on request, and refuses a scope the grant never had', async () => {
    const { family, exchange } = world();
    const client = aClient();
    const { token } = await family(client);
    const narrowed = await exchange(client, { refresh_token: token, scope: 'orders:read' });
    expect(narrowed.scope).toBe('orders:read');
    await expect(exchange(client, { refresh_token: narrowed.refresh_token!, scope: 'admin' })).rejects.toMatchObject({ code: 'invalid_scope' });
  });

  it('refuses a missing or malformed refresh token as the client’s mistake', async () => {
    const { exchange } = world();
    await expect(exchange(aClient(), {})).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(exchange(aClient(), { refresh_token: 'not-a-token' })).rejects.toMatchObject({ code: 'invalid_grant' });
  });
});
