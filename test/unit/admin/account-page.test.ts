import { describe, expect, it } from 'vitest';
import { accountAction, NOTICES, type AccountAction } from '../../../functions/admin/account-page.js';
import { loadConfig } from '../../../functions/config.js';
import { refusal } from '../../../functions/http/render-error.js';
import type { Authorization } from '../../../functions/oauth/ports.js';
import { memoryKeyRing } from '../../infra/issue-token.js';
import { aClientRecord } from '../../support/grant-kit.js';
import { memoryAdminPorts } from '../../support/memory-admin.js';
import { aGrantRecord, aUserRecord } from '../../support/records.js';

const ISSUER = 'http://127.0.0.1:1';

/** A signed-in user on the in-memory adapters, with what the page's actions need. */
async function world() {
  const ports = { ...memoryAdminPorts(), config: loadConfig({}), keys: memoryKeyRing() };
  const user = aUserRecord({ email: 'ada@example.com' });
  await ports.users.create(user);
  await ports.clients.create(aClientRecord({ kind: 'personal', secrets: [], grantTypes: [] }));
  const caller = { userId: user.id, email: user.email };
  const act = (action: AccountAction, known: { grant: Authorization | undefined } = { grant: undefined }) => accountAction(ports, caller, action, known, refusal);
  return { ports, user, act };
}

describe('the account page’s actions (SPEC §4) as a use case', () => {
  it('says only its own fixed texts after an action, never what the address carries', async () => {
    const { act } = await world();
    expect(await act({ kind: 'view', done: 'app-revoked' })).toEqual({ kind: 'page', status: 200, notice: NOTICES['app-revoked'] });
    expect(await act({ kind: 'view', done: '<script>alert(1)</script>' })).toEqual({ kind: 'page', status: 200 });
    expect(await act({ kind: 'view', done: 'toString' })).toEqual({ kind: 'page', status: 200 });
  });

  it('shows a new token once, and a mistake at its form with what was typed, creating nothing', async () => {
    const { ports, user, act } = await world();
    const made = await act({ kind: 'createToken', name: 'laptop', scopes: [], issuer: ISSUER });
    expect(made).toMatchObject({ kind: 'page', status: 200, created: { kind: 'token', name: 'laptop', token: expect.any(String) } });
    const wrong = await act({ kind: 'createToken', name: 'ci', scopes: ['no-such-scope'], issuer: ISSUER });
    expect(wrong).toMatchObject({ kind: 'page', status: 422, error: { form: 'token', values: { name: 'ci' } } });
    expect((await ports.account.grants(user.id, 'personal', { limit: 10 }))?.items.map((g) => g.name)).toEqual(['laptop']);
  });

  it('answers someone else’s token, application or client with the page and “nothing to do”, and leaves them be', async () => {
    const { ports, act } = await world();
    const theirs = aGrantRecord({ kind: 'personal', name: 'theirs', jti: crypto.randomUUID() });
    await ports.store.createGrant(theirs);
    const client = aClientRecord({ userId: crypto.randomUUID() });
    await ports.clients.create(client);
    for (const action of [
      { kind: 'revokeToken', id: theirs.id },
      { kind: 'revokeApp', id: theirs.id },
      { kind: 'deleteClient', id: client.id },
      { kind: 'rotateSecret', id: undefined },
    ] as const) {
      expect(await act(action, { grant: theirs })).toMatchObject({ kind: 'page', status: 404, notice: expect.stringMatching(/nothing to do/) });
    }
    expect((await ports.batch.load({ grant: ports.reads.grant(theirs.id) })).grant?.revoked).toBe(false);
    expect((await ports.clients.get(client.id))?.revoked).toBe(false);
  });

  it('revokes one of the user’s own tokens and sends them back to its section', async () => {
    const { ports, user, act } = await world();
    const made = await act({ kind: 'createToken', name: 'laptop', scopes: [], issuer: ISSUER });
    const [grant] = (await ports.account.grants(user.id, 'personal', { limit: 10 }))!.items;
    expect(made.kind).toBe('page');
    expect(await act({ kind: 'revokeToken', id: grant!.id }, { grant })).toEqual({ kind: 'done', done: 'token-revoked', section: 'personal-access-tokens' });
    expect(await ports.account.grants(user.id, 'personal', { limit: 10 })).toEqual({ items: [] });
  });
});
