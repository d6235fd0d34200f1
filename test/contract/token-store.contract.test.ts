import { beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import type { ReadCatalog, ReadPorts, Reads, TokenStore } from '../../functions/oauth/ports.js';
import { newRefreshFamily, newRefreshToken } from '../../functions/oauth/tokens/issue.js';
import { MemoryTokenStore } from '../support/memory-store.js';
import { testContainer } from '../support/store.js';

/** The writes of one adapter, and the batch read that sees them. */
type Subject = { store: TokenStore; ports: ReadPorts };

const dynamo = async (): Promise<Subject> => {
  const deps = await testContainer();
  return { store: deps.store, ports: deps };
};
const memory = async (): Promise<Subject> => {
  const store = new MemoryTokenStore();
  return { store, ports: store };
};

/** A refresh-token family of a made-up client and user, living an hour. */
const aFamily = () => newRefreshFamily(crypto.randomUUID(), crypto.randomUUID(), ['read'], 3600);

/** The TokenStore port's contract (SPEC §5), held by the DynamoDB adapter and the in-memory one alike. */
describe.each([
  ['DynamoDB', dynamo],
  ['in-memory', memory],
])('the token store (%s)', (_name, make) => {
  let store: TokenStore;
  let ports: ReadPorts;
  const read = <R extends Reads>(pick: (reads: ReadCatalog) => R) => ports.batch.load(pick(ports.reads));

  beforeAll(async () => {
    ({ store, ports } = await make());
  });

  it('reads back a new grant with its first refresh token, and refuses the same grant twice', async () => {
    const { authorization, refresh } = aFamily();
    await store.createGrant(authorization, refresh.record);
    const found = await read((r) => ({ grant: r.grant(authorization.id), refresh: r.refresh(refresh.record.digest) }));
    expect(found.grant).toEqual(authorization);
    expect(found.refresh).toEqual(refresh.record);
    await expect(store.createGrant(authorization, refresh.record)).rejects.toThrow();
  });

  it('rotates a refresh token once: a second claim of the same token loses', async () => {
    const { authorization, refresh } = aFamily();
    await store.createGrant(authorization, refresh.record);
    const next = newRefreshToken(authorization.id, authorization.clientId, ['read'], 7200).record;
    const again = newRefreshToken(authorization.id, authorization.clientId, ['read'], 7200).record;
    expect(await store.rotateRefresh(refresh.record, next, {})).toBe(true);
    expect(await store.rotateRefresh(refresh.record, again, {})).toBe(false);
    const found = await read((r) => ({ grant: r.grant(authorization.id), refresh: r.refresh(refresh.record.digest) }));
    expect(found.refresh?.rotatedAt).toBeGreaterThanOrEqual(nowSeconds() - 5);
    expect(found.grant?.expiresAt).toBe(next.expiresAt);
    expect((await read((r) => ({ refresh: r.refresh(next.digest) }))).refresh).toEqual(next);
    expect((await read((r) => ({ refresh: r.refresh(again.digest) }))).refresh).toBeUndefined();
  });

  it('lets a retry within the grace rotate again only in the rotation it saw', async () => {
    const { authorization, refresh } = aFamily();
    await store.createGrant(authorization, refresh.record);
    expect(await store.rotateRefresh(refresh.record, newRefreshToken(authorization.id, authorization.clientId, ['read'], 60).record, {})).toBe(true);
    const seen = (await read((r) => ({ refresh: r.refresh(refresh.record.digest) }))).refresh!.rotatedAt!;
    const retry = newRefreshToken(authorization.id, authorization.clientId, ['read'], 60).record;
    expect(await store.rotateRefresh(refresh.record, retry, { graceOf: seen + 1 })).toBe(false);
    expect(await store.rotateRefresh(refresh.record, retry, { graceOf: seen })).toBe(true);
  });

  it('revokes a grant so it cannot rotate, and revoking an unknown grant is no error', async () => {
    const { authorization, refresh } = aFamily();
    await store.createGrant(authorization, refresh.record);
    await store.revokeGrant(authorization.id);
    expect((await read((r) => ({ grant: r.grant(authorization.id) }))).grant?.revoked).toBe(true);
    const next = newRefreshToken(authorization.id, authorization.clientId, ['read'], 60).record;
    expect(await store.rotateRefresh(refresh.record, next, {})).toBe(false);
    await expect(store.revokeGrant(crypto.randomUUID())).resolves.toBeUndefined();
  });

  it('remembers a revoked access token until it would have expired anyway', async () => {
    const jti = crypto.randomUUID();
    expect((await read((r) => ({ revoked: r.revokedJti(jti) }))).revoked).toBe(false);
    await store.revokeJti(jti, nowSeconds() + 300);
    expect((await read((r) => ({ revoked: r.revokedJti(jti) }))).revoked).toBe(true);
    const lapsed = crypto.randomUUID();
    await store.revokeJti(lapsed, nowSeconds() - 1);
    expect((await read((r) => ({ revoked: r.revokedJti(lapsed) }))).revoked).toBe(false);
  });
});
