import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../functions/config.js';
import { clientCredentialsGrant } from '../../../../functions/oauth/grants/client-credentials.js';
import type { TokenResponse } from '../../../../functions/oauth/grants/grant.js';
import type { Client, User } from '../../../../functions/oauth/ports.js';
import { MemoryTokenStore, putCatalogue } from '../../../support/memory-store.js';
import { aClientRecord, aGrantContext, runGrant } from '../../../support/grant-kit.js';

const aClient = (overrides: Partial<Client> = {}): Client => aClientRecord({ name: 'Billing worker', kind: 'confidential', ...overrides });

/** The client_credentials grant on the in-memory adapter: a catalogue, users by id, no table. */
function world(catalogue: Record<string, string>, users: readonly User[] = [], env: Record<string, string> = {}) {
  const store = new MemoryTokenStore();
  putCatalogue(store.batch, catalogue);
  const byId = new Map(users.map((user) => [user.id, user]));
  const context = aGrantContext('client_credentials', { config: loadConfig(env), store, users: { getById: async (id) => byId.get(id) } });
  return (client: Client, params: Record<string, string> = {}): Promise<TokenResponse> =>
    runGrant(clientCredentialsGrant, store, context, client, params);
}

const owner = (scopes: string[] | null): User => ({
  id: crypto.randomUUID(), email: 'ops@example.com', name: 'Ops', passwordHash: 'x', scopes, createdAt: 0,
});

describe('the client_credentials grant (RFC 6749 §4.4)', () => {
  it('answers a token whose subject is the client, with exactly the scopes asked for and no refresh token', async () => {
    const exchange = world({ 'invoices:read': 'Read invoices', 'invoices:write': 'Write invoices' });
    const client = aClient();
    const answer = await exchange(client, { scope: 'invoices:read' });
    expect(answer.scope).toBe('invoices:read');
    expect(answer.refresh_token).toBeUndefined();
    expect(decodeJwt(answer.access_token)).toMatchObject({ sub: client.id, client_id: client.id, scope: 'invoices:read' });
  });

  it('gives the default scopes when none are asked for', async () => {
    const exchange = world({ 'invoices:read': 'Read invoices' }, [], { DEFAULT_SCOPES: 'invoices:read' });
    expect((await exchange(aClient())).scope).toBe('invoices:read');
  });

  it('refuses a public client as unauthorized_client', async () => {
    const exchange = world({});
    await expect(exchange(aClient({ kind: 'public', secrets: [] }))).rejects.toMatchObject({ code: 'unauthorized_client' });
  });

  it('refuses a scope outside the catalogue, or outside the client’s list, with invalid_scope', async () => {
    const exchange = world({ 'invoices:read': 'Read invoices', 'invoices:write': 'Write invoices' });
    await expect(exchange(aClient(), { scope: 'payroll' })).rejects.toMatchObject({ code: 'invalid_scope' });
    await expect(exchange(aClient({ scopes: ['invoices:read'] }), { scope: 'invoices:write' })).rejects.toMatchObject({ code: 'invalid_scope' });
  });

  it('bounds the scopes by the client’s owner, and refuses a client whose owner is gone', async () => {
    const ops = owner(['invoices:read']);
    const exchange = world({ 'invoices:read': 'Read invoices', 'invoices:write': 'Write invoices' }, [ops]);
    await expect(exchange(aClient({ userId: ops.id }), { scope: 'invoices:read' })).resolves.toMatchObject({ scope: 'invoices:read' });
    await expect(exchange(aClient({ userId: ops.id }), { scope: 'invoices:write' })).rejects.toMatchObject({ code: 'invalid_scope' });
    await expect(exchange(aClient({ userId: 'gone' }), { scope: 'invoices:read' })).rejects.toMatchObject({ code: 'invalid_client' });
  });
});
