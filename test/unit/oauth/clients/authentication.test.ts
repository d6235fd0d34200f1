import { describe, expect, it } from 'vitest';
import { nowSeconds } from '../../../../functions/clock.js';
import { ClientAuthenticator, readClientCredentials } from '../../../../functions/oauth/clients/authentication.js';
import { hashSecret } from '../../../../functions/oauth/passwords.js';
import type { Client } from '../../../../functions/oauth/ports.js';
import { clientToItem } from '../../../../functions/store/items.js';
import { MemoryTokenStore } from '../../../support/memory-store.js';
import { aClientRecord } from '../../../support/grant-kit.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function aClient(overrides: Partial<Client> = {}, secret?: string): Promise<Client> {
  return aClientRecord({
    name: 'Orders app',
    kind: secret === undefined ? 'public' : 'confidential',
    secrets: secret === undefined ? [] : [{ hash: await hashSecret(secret) }],
    redirectUris: ['http://localhost:9999/callback'],
    grantTypes: ['authorization_code'],
    ...overrides,
  });
}

/** Client authentication as the token endpoint does it: the record from the batch read, then the check. */
function world() {
  const store = new MemoryTokenStore();
  const authenticator = new ClientAuthenticator();
  return {
    register: (client: Client) => store.batch.put(clientToItem(client)),
    authenticate: async (authorization: string | undefined, params: Record<string, string>) => {
      const credentials = readClientCredentials(authorization, params);
      const { client } = await store.batch.load({ client: store.reads.client(credentials.clientId) });
      return authenticator.authenticate(client, credentials);
    },
  };
}

describe('client authentication (RFC 6749 §2.3.1) on the in-memory adapter', () => {
  it('accepts a confidential client by HTTP Basic or by client_secret in the body', async () => {
    const { register, authenticate } = world();
    const client = await aClient({}, 's3cret value');
    register(client);
    expect((await authenticate(basic(client.id, 's3cret value'), {})).id).toBe(client.id);
    expect((await authenticate(undefined, { client_id: client.id, client_secret: 's3cret value' })).id).toBe(client.id);
  });

  it('answers a wrong secret 401 invalid_client, with a Basic challenge only when Basic was tried', async () => {
    const { register, authenticate } = world();
    const client = await aClient({}, 'right');
    register(client);
    await expect(authenticate(basic(client.id, 'wrong'), {})).rejects.toMatchObject({
      code: 'invalid_client',
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="connect", charset="UTF-8"' },
    });
    await expect(authenticate(undefined, { client_id: client.id, client_secret: 'wrong' })).rejects.toMatchObject({ code: 'invalid_client', headers: {} });
    await expect(authenticate(undefined, { client_id: client.id })).rejects.toMatchObject({ code: 'invalid_client' });
  });

  it('accepts a public client by client_id alone, and refuses one that sends a secret', async () => {
    const { register, authenticate } = world();
    const client = await aClient();
    register(client);
    expect((await authenticate(undefined, { client_id: client.id })).id).toBe(client.id);
    await expect(authenticate(undefined, { client_id: client.id, client_secret: 'x' })).rejects.toMatchObject({ code: 'invalid_client' });
  });

  it('refuses an unknown, a revoked and a malformed client alike', async () => {
    const { register, authenticate } = world();
    const revoked = await aClient({ revoked: true });
    register(revoked);
    for (const clientId of [crypto.randomUUID(), revoked.id, 'not-an-id']) {
      await expect(authenticate(undefined, { client_id: clientId })).rejects.toMatchObject({ code: 'invalid_client', message: 'Unknown or revoked client.' });
    }
  });

  it('accepts the previous secret during its rotation grace, and not after', async () => {
    const { register, authenticate } = world();
    const current = await aClient({}, 'new secret');
    const rotating = { ...current, secrets: [...current.secrets, { hash: await hashSecret('old secret'), expiresAt: nowSeconds() + 600 }] };
    register(rotating);
    expect((await authenticate(basic(current.id, 'old secret'), {})).id).toBe(current.id);
    register({ ...rotating, secrets: [...current.secrets, { hash: rotating.secrets[1]!.hash, expiresAt: nowSeconds() - 1 }] });
    await expect(authenticate(basic(current.id, 'old secret'), {})).rejects.toMatchObject({ code: 'invalid_client' });
  });

  it('refuses two methods at once, and Basic credentials that disagree with the body', async () => {
    const { authenticate } = world();
    const id = crypto.randomUUID();
    await expect(authenticate(basic(id, 'a'), { client_secret: 'a' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(authenticate(basic(id, 'a'), { client_id: crypto.randomUUID() })).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
