import { beforeEach, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import type { AuthorizationCode } from '../../functions/oauth/ports.js';
import { aClientRecord } from '../support/grant-kit.js';
import { ADAPTERS, type AdminPorts } from '../support/memory-admin.js';
import { aGrantRecord } from '../support/records.js';

/** The AccountStore port's contract (SPEC §4: a user's own things), held by the DynamoDB adapter and the in-memory one alike. */
describe.each(ADAPTERS)('the account store (%s)', (_name, make) => {
  let ports: AdminPorts;
  const userId = crypto.randomUUID();

  beforeEach(async () => {
    ports = await make();
  });

  it('pages a user’s live clients newest first, leaving revoked ones and other users’ out', async () => {
    const [oldest, middle, newest] = [100, 200, 300].map((createdAt) => aClientRecord({ userId, createdAt }));
    for (const client of [oldest!, middle!, newest!, aClientRecord({ userId: crypto.randomUUID(), createdAt: 400 })]) {
      await ports.clients.create(client);
    }
    await ports.clients.revoke(middle!.id, userId);
    const first = await ports.account.clients(userId, { limit: 1 });
    expect(first?.items.map((c) => c.id)).toEqual([newest!.id]);
    const second = await ports.account.clients(userId, { limit: 1, cursor: first!.next! });
    expect(second).toEqual({ items: [oldest] });
  });

  it('pages the live grants of one kind, leaving revoked, expired and other kinds out', async () => {
    const grants = [1, 2, 3].map((n) => aGrantRecord({ userId, createdAt: nowSeconds() - n }));
    const personal = aGrantRecord({ userId, kind: 'personal', name: 'ci', jti: crypto.randomUUID() });
    const expired = aGrantRecord({ userId, createdAt: nowSeconds() - 7200 });
    for (const grant of [...grants, personal, expired]) await ports.store.createGrant(grant);
    await ports.store.revokeGrant(grants[1]!.id);
    const first = await ports.account.grants(userId, 'refresh', { limit: 1 });
    expect(first?.items.map((g) => g.id)).toEqual([grants[0]!.id]);
    expect(await ports.account.grants(userId, 'refresh', { limit: 5, cursor: first!.next! })).toEqual({ items: [grants[2]] });
    expect(await ports.account.grants(userId, 'personal', { limit: 5 })).toEqual({ items: [personal] });
  });

  it('answers a cursor that is not one of the listing’s own with undefined', async () => {
    for (const createdAt of [100, 200]) await ports.clients.create(aClientRecord({ userId, createdAt }));
    const clientCursor = (await ports.account.clients(userId, { limit: 1 }))!.next!;
    expect(await ports.account.clients(userId, { limit: 1, cursor: 'not-a-cursor' })).toBeUndefined();
    expect(await ports.account.grants(userId, 'refresh', { limit: 1, cursor: clientCursor })).toBeUndefined();
  });

  it('revokes only a live grant of the user and its kind, forgetting the consent its client had when asked', async () => {
    const grant = aGrantRecord({ userId });
    await ports.store.createGrant(grant);
    const code: AuthorizationCode = {
      digest: crypto.randomUUID().replaceAll('-', '').padEnd(64, 'c'),
      clientId: grant.clientId,
      redirectUri: 'http://localhost:9999/callback',
      userId,
      scopes: ['read'],
      createdAt: nowSeconds(),
      expiresAt: nowSeconds() + 60,
    };
    await ports.authorizations.saveCode(code, { userId, clientId: grant.clientId, scopes: ['read'], updatedAt: nowSeconds() });
    expect(await ports.account.revokeGrant(grant, crypto.randomUUID(), { forgetConsent: true })).toBe(false);
    expect(await ports.account.revokeGrant({ ...grant, kind: 'personal' }, userId, { forgetConsent: true })).toBe(false);
    expect(await ports.account.revokeGrant(grant, userId, { forgetConsent: true })).toBe(true);
    expect(await ports.account.revokeGrant(grant, userId, { forgetConsent: true })).toBe(false);
    const read = await ports.batch.load({ grant: ports.reads.grant(grant.id), consent: ports.reads.consent(userId, grant.clientId) });
    expect(read.grant?.revoked).toBe(true);
    expect(read.consent).toBeUndefined();
    expect(await ports.account.grants(userId, 'refresh', { limit: 5 })).toEqual({ items: [] });
  });

  it('renames a live client of its owner and replaces its redirect URIs, and nobody else’s', async () => {
    const client = aClientRecord({ userId, kind: 'confidential', redirectUris: ['http://localhost:1/a'] });
    await ports.clients.create(client);
    const changes = { name: 'Renamed', redirectUris: ['http://localhost:1/b', 'http://localhost:1/c'] };
    expect(await ports.account.updateClient(client.id, crypto.randomUUID(), changes)).toBeUndefined();
    const updated = await ports.account.updateClient(client.id, userId, changes);
    expect(updated).toMatchObject({ id: client.id, name: 'Renamed', redirectUris: changes.redirectUris });
    expect(updated!.updatedAt).toBeGreaterThanOrEqual(client.createdAt);
    expect(await ports.clients.get(client.id)).toEqual(updated);
    await ports.clients.revoke(client.id, userId);
    expect(await ports.account.updateClient(client.id, userId, changes)).toBeUndefined();
  });
});
