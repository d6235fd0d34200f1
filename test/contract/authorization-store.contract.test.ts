import { beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import type { AuthorizationCode, AuthorizationStore, ReadPorts, Session } from '../../functions/oauth/ports.js';
import { newRefreshFamily } from '../../functions/oauth/tokens/issue.js';
import { MemoryAuthorizationStore, MemoryTokenStore } from '../support/memory-store.js';
import { testContainer } from '../support/store.js';

/** The writes of one adapter, and the batch read that sees them. */
type Subject = { codes: AuthorizationStore; store: ReadPorts };

async function dynamo(): Promise<Subject> {
  const deps = await testContainer();
  return { codes: deps.authorizations, store: deps };
}

async function memory(): Promise<Subject> {
  const store = new MemoryTokenStore();
  return { codes: new MemoryAuthorizationStore(store.batch), store };
}

const aCode = (overrides: Partial<AuthorizationCode> = {}): AuthorizationCode => ({
  digest: crypto.randomUUID().replaceAll('-', '').padEnd(64, 'a'),
  clientId: crypto.randomUUID(),
  redirectUri: 'http://localhost:9999/callback',
  userId: crypto.randomUUID(),
  scopes: ['orders:read'],
  createdAt: nowSeconds(),
  expiresAt: nowSeconds() + 600,
  ...overrides,
});

/** The AuthorizationStore port's contract (SPEC §5, RFC 6749 §4.1.2), held by both adapters alike. */
describe.each([
  ['DynamoDB', dynamo],
  ['in-memory', memory],
])('the authorization-code writes (%s)', (_name, make) => {
  let subject: Subject;

  beforeAll(async () => {
    subject = await make();
  });

  it('stores a code and remembers the consent with it, adding to what was approved before', async () => {
    const code = aCode();
    const consent = { userId: code.userId, clientId: code.clientId, scopes: ['orders:read'], updatedAt: nowSeconds() };
    await subject.codes.saveCode(code, consent);
    await subject.codes.saveCode(aCode({ userId: code.userId, clientId: code.clientId }), { ...consent, scopes: ['orders:write'] });
    const { reads } = subject.store;
    const read = await subject.store.batch.load({ code: reads.code(code.digest), consent: reads.consent(code.userId, code.clientId) });
    expect(read.code).toEqual(code);
    expect(read.consent?.scopes).toEqual(['orders:read', 'orders:write']);
  });

  it('redeems a code once, recording the grant and its refresh token with it', async () => {
    const code = aCode();
    await subject.codes.saveCode(code);
    const first = newRefreshFamily(code.clientId, code.userId, code.scopes, 3600);
    const second = newRefreshFamily(code.clientId, code.userId, code.scopes, 3600);
    expect(await subject.codes.redeemCode(code, first.authorization, first.refresh.record)).toBe(true);
    expect(await subject.codes.redeemCode(code, second.authorization, second.refresh.record)).toBe(false);
    const { reads } = subject.store;
    const read = await subject.store.batch.load({
      code: reads.code(code.digest),
      first: reads.grant(first.authorization.id),
      second: reads.grant(second.authorization.id),
    });
    expect(read.code).toMatchObject({ consumedAt: first.authorization.createdAt, grantId: first.authorization.id });
    expect(read.first?.id).toBe(first.authorization.id);
    expect(read.second).toBeUndefined();
  });

  it('marks a replay so a redemption still in flight loses, and names the winner’s grant', async () => {
    const won = aCode();
    await subject.codes.saveCode(won);
    const family = newRefreshFamily(won.clientId, won.userId, won.scopes, 3600);
    await subject.codes.redeemCode(won, family.authorization, family.refresh.record);
    expect(await subject.codes.markCodeReplayed(won.digest)).toBe(family.authorization.id);

    const marked = aCode();
    await subject.codes.saveCode(marked);
    expect(await subject.codes.markCodeReplayed(marked.digest)).toBeUndefined();
    const late = newRefreshFamily(marked.clientId, marked.userId, marked.scopes, 3600);
    expect(await subject.codes.redeemCode(marked, late.authorization, late.refresh.record)).toBe(false);
    expect(await subject.codes.markCodeReplayed(aCode().digest)).toBeUndefined();
  });

  it('creates a session once, reads it back, and forgets it on sign-out', async () => {
    const session: Session = {
      digest: crypto.randomUUID().replaceAll('-', '').padEnd(64, 'b'),
      userId: crypto.randomUUID(),
      email: 'ada@example.com',
      createdAt: nowSeconds(),
      expiresAt: nowSeconds() + 600,
    };
    await subject.codes.createSession(session);
    await expect(subject.codes.createSession(session)).rejects.toThrow();
    const readSession = async () => (await subject.store.batch.load({ session: subject.store.reads.session(session.digest) })).session;
    expect(await readSession()).toEqual(session);
    await subject.codes.deleteSession(session.digest);
    expect(await readSession()).toBeUndefined();
  });
});
