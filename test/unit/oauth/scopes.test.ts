import { describe, expect, it } from 'vitest';
import { ACCOUNT_SCOPE, grantableScopes, narrowedScopes, parseScopeParam, type ScopeLimits } from '../../../functions/oauth/scopes.js';

const catalogue = new Map([
  ['orders:read', 'Read orders'],
  ['orders:write', 'Change orders'],
]);
const limits = (overrides: Partial<ScopeLimits> = {}): ScopeLimits => ({
  catalogue,
  client: null,
  user: null,
  defaults: [],
  firstParty: false,
  ...overrides,
});

/** What each scope rule of SPEC §6 refuses, and the code it refuses with. */
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  return undefined;
};

describe('the scope rules (RFC 6749 §3.3, SPEC §6)', () => {
  it('grants exactly what was asked when the catalogue, the client and the user all allow it', () => {
    expect(grantableScopes(['orders:read'], limits({ client: ['orders:read'], user: ['orders:read', 'orders:write'] }))).toEqual(['orders:read']);
  });

  it('grants the defaults when nothing is asked, and nothing when there are no defaults', () => {
    expect(grantableScopes(undefined, limits({ defaults: ['orders:read'] }))).toEqual(['orders:read']);
    expect(grantableScopes(undefined, limits())).toEqual([]);
  });

  it.each<[string, readonly string[], Partial<ScopeLimits>, string]>([
    ['a scope outside the catalogue', ['payroll'], {}, 'The scope "payroll" does not exist.'],
    ['a scope beyond the client’s list', ['orders:write'], { client: ['orders:read'] }, 'The client may not request the scope "orders:write".'],
    ['a scope the user does not have', ['orders:write'], { user: ['orders:read'] }, 'The user does not have the scope "orders:write".'],
    ['the account scope for a third-party client', [ACCOUNT_SCOPE], {}, `Only first-party clients may request the scope "${ACCOUNT_SCOPE}".`],
    ['the account scope beyond a first-party client’s list', [ACCOUNT_SCOPE], { firstParty: true, client: ['orders:read'] }, `The client may not request the scope "${ACCOUNT_SCOPE}".`],
  ])('refuses %s with invalid_scope, never narrowing silently', (_what, requested, overrides, message) => {
    expect(refusal(() => grantableScopes(requested, limits(overrides)))).toEqual({ code: 'invalid_scope', message });
  });

  it('lets a first-party client have the account scope whatever the user’s own scopes', () => {
    expect(grantableScopes([ACCOUNT_SCOPE], limits({ firstParty: true, user: [] }))).toEqual([ACCOUNT_SCOPE]);
  });

  it('lets a refresh narrow the original scopes, never widen them (RFC 6749 §6)', () => {
    expect(narrowedScopes(undefined, ['orders:read', 'orders:write'])).toEqual(['orders:read', 'orders:write']);
    expect(narrowedScopes(['orders:read'], ['orders:read', 'orders:write'])).toEqual(['orders:read']);
    expect(refusal(() => narrowedScopes(['orders:write'], ['orders:read']))).toEqual({
      code: 'invalid_scope',
      message: 'The scope "orders:write" was not part of the original grant.',
    });
  });

  it('reads the scope parameter as space-separated tokens, and refuses characters §3.3 does not allow', () => {
    expect(parseScopeParam(undefined)).toBeUndefined();
    expect(parseScopeParam('orders:read  orders:write')).toEqual(['orders:read', 'orders:write']);
    expect(refusal(() => parseScopeParam('orders"read'))).toMatchObject({ code: 'invalid_request' });
  });
});
