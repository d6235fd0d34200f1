import { describe, expect, it } from 'vitest';
import { listAuthorizedApps, revokeApplication } from '../../../functions/admin/authorized-apps.js';
import { nowSeconds } from '../../../functions/clock.js';
import { aClientRecord } from '../../support/grant-kit.js';
import { memoryAdminPorts } from '../../support/memory-admin.js';
import { aGrantRecord } from '../../support/records.js';

/** A user who signed in to one app three times and to another once, and someone else signed in to the first. */
async function world() {
  const ports = memoryAdminPorts();
  const userId = crypto.randomUUID();
  const [app, other] = [aClientRecord({ name: 'Orders' }), aClientRecord({ name: 'Billing' })];
  await ports.clients.create(app!);
  await ports.clients.create(other!);
  const sessions = [3, 2, 1].map((ago) => aGrantRecord({ userId, clientId: app!.id, createdAt: nowSeconds() - ago }));
  const elsewhere = aGrantRecord({ userId, clientId: other!.id });
  const stranger = aGrantRecord({ clientId: app!.id });
  for (const grant of [...sessions, elsewhere, stranger]) await ports.store.createGrant(grant);
  const live = async (id: string) => !(await ports.batch.load({ grant: ports.reads.grant(id) })).grant?.revoked;
  return { ports, userId, app: app!, other: other!, sessions, elsewhere, stranger, live };
}

describe('authorized applications (SPEC §4) on the in-memory adapters', () => {
  it('lists each live authorization with its client, reading the clients in one batch and leaving a revoked client’s out', async () => {
    const { ports, userId, app, other, elsewhere } = await world();
    await ports.clients.revoke(other.id);
    const before = ports.batch.batches;
    const { items } = await listAuthorizedApps(ports, userId, { limit: 10 });
    expect(ports.batch.batches - before).toBe(1);
    expect(items.map((item) => item.client.id)).toEqual([app.id, app.id, app.id]);
    expect(items.some((item) => item.grant.id === elsewhere.id)).toBe(false);
  });

  it('revokes the application, not one session: every authorization of the user for that client, and nothing else', async () => {
    const { ports, userId, sessions, elsewhere, stranger, live } = await world();
    const revoked = await revokeApplication(ports, userId, sessions[1]!.id);
    expect(revoked).toEqual({ id: sessions[1]!.id, revoked: true, sessions: 3 });
    for (const grant of sessions) expect(await live(grant.id)).toBe(false);
    expect(await live(elsewhere.id)).toBe(true);
    expect(await live(stranger.id)).toBe(true);
  });

  it('answers “not found” for another user’s authorization, and revokes nothing', async () => {
    const { ports, userId, stranger, sessions, live } = await world();
    await expect(revokeApplication(ports, userId, stranger.id)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await live(stranger.id)).toBe(true);
    for (const grant of sessions) expect(await live(grant.id)).toBe(true);
  });
});
