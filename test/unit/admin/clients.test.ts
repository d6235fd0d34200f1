import { describe, expect, it } from 'vitest';
import { rotateClientSecret } from '../../../functions/admin/clients.js';
import { nowSeconds } from '../../../functions/clock.js';
import { verifySecret } from '../../../functions/oauth/passwords.js';
import type { ClientRepository } from '../../../functions/oauth/ports.js';
import { aClientRecord } from '../../support/grant-kit.js';
import { MemoryClientRepository } from '../../support/memory-admin.js';

/** A client repository where another rotation gets in between the read and the write, `times` times. */
function contended(clients: MemoryClientRepository, times: number): ClientRepository & { writes: number } {
  let left = times;
  const repository = Object.create(clients) as ClientRepository & { writes: number };
  repository.writes = 0;
  repository.replaceSecrets = async (id, expected, secrets) => {
    repository.writes++;
    if (left-- > 0) await clients.replaceSecrets(id, expected, [{ hash: `another rotation ${left}` }]);
    return clients.replaceSecrets(id, expected, secrets);
  };
  return repository;
}

describe('rotating a client secret (SPEC §3) on the in-memory adapter', () => {
  it('gives a new secret and keeps the previous one for the grace period only', async () => {
    const clients = new MemoryClientRepository();
    const client = aClientRecord({ secrets: [{ hash: 'previous' }] });
    await clients.create(client);
    const rotated = await rotateClientSecret({ clients }, client.id, 60);
    const raw = (await clients.rawSecrets(client.id))!;
    expect(await verifySecret(raw[0]!.hash, rotated.client_secret)).toBe(true);
    expect(raw[1]).toEqual({ hash: 'previous', expiresAt: expect.any(Number) });
    expect(raw[1]!.expiresAt! - nowSeconds()).toBeGreaterThan(50);
    await rotateClientSecret({ clients }, client.id);
    expect(await clients.rawSecrets(client.id)).toHaveLength(1);
  });

  it('reads again and retries when another rotation got in first, and gives up after three with a conflict', async () => {
    const clients = new MemoryClientRepository();
    const client = aClientRecord();
    await clients.create(client);
    const twice = contended(clients, 2);
    const rotated = await rotateClientSecret({ clients: twice }, client.id);
    expect(twice.writes).toBe(3);
    expect(await verifySecret((await clients.rawSecrets(client.id))![0]!.hash, rotated.client_secret)).toBe(true);
    await expect(rotateClientSecret({ clients: contended(clients, 3) }, client.id)).rejects.toMatchObject({ kind: 'conflict' });
  });

  it('answers “not found” for another user’s client, and refuses a public or revoked one', async () => {
    const clients = new MemoryClientRepository();
    const owner = crypto.randomUUID();
    const theirs = aClientRecord({ userId: owner });
    const publicClient = aClientRecord({ kind: 'public', secrets: [] });
    const revoked = aClientRecord({ revoked: true });
    for (const client of [theirs, publicClient, revoked]) await clients.create(client);
    await expect(rotateClientSecret({ clients }, theirs.id, 0, crypto.randomUUID())).rejects.toMatchObject({ kind: 'not_found' });
    await expect(rotateClientSecret({ clients }, publicClient.id)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(rotateClientSecret({ clients }, revoked.id)).rejects.toMatchObject({ kind: 'invalid' });
    expect(await clients.rawSecrets(theirs.id)).toEqual(theirs.secrets);
  });
});
