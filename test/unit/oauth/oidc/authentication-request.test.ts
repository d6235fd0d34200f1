import { describe, expect, it } from 'vitest';
import { afterSignIn, mustSignIn, oidcParams, oidcRequest } from '../../../../functions/oauth/oidc/authentication-request.js';
import type { Session } from '../../../../functions/oauth/ports.js';
import { grantableScopes } from '../../../../functions/oauth/scopes.js';

const aSession = (createdAt: number): Session => ({ digest: 'd', userId: 'u', email: 'e@example.com', createdAt, expiresAt: createdAt + 3600, sid: 's' });

describe('the OpenID parameters of an authorization request (OIDC Core §3.1.2.1)', () => {
  it('parse nonce, prompt, max_age and login_hint, and reproduce them', () => {
    const params = { nonce: 'n', prompt: 'login consent', max_age: '300', login_hint: 'a@example.com' };
    const parsed = oidcRequest(params);
    expect(parsed).toEqual({ nonce: 'n', prompt: ['login', 'consent'], maxAge: 300, loginHint: 'a@example.com' });
    expect(oidcParams(parsed)).toEqual(params);
  });

  it('refuse none with another prompt, unknown prompts, a malformed max_age and request objects', () => {
    expect(() => oidcRequest({ prompt: 'none consent' })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => oidcRequest({ prompt: 'maybe' })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => oidcRequest({ max_age: '1.5' })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => oidcRequest({ nonce: 'x'.repeat(513) })).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => oidcRequest({ request: 'jwt' })).toThrow(expect.objectContaining({ code: 'request_not_supported' }));
    expect(() => oidcRequest({ request_uri: 'https://x' })).toThrow(expect.objectContaining({ code: 'request_uri_not_supported' }));
  });

  it('ask for a sign-in without a session, under prompt=login or max_age=0, and when the session is older than max_age', () => {
    const now = 10_000;
    expect(mustSignIn(oidcRequest({}), undefined, now)).toBe(true);
    expect(mustSignIn(oidcRequest({}), aSession(now - 5000), now)).toBe(false);
    expect(mustSignIn(oidcRequest({ prompt: 'login' }), aSession(now), now)).toBe(true);
    expect(mustSignIn(oidcRequest({ max_age: '0' }), aSession(now), now)).toBe(true);
    expect(mustSignIn(oidcRequest({ max_age: '60' }), aSession(now - 61), now)).toBe(true);
    expect(mustSignIn(oidcRequest({ max_age: '60' }), aSession(now - 60), now)).toBe(false);
  });

  it('return after the sign-in without what it satisfied, so the user is not sent round again', () => {
    const back = afterSignIn(oidcRequest({ prompt: 'login consent', max_age: '0', nonce: 'n' }))!;
    expect(back).toEqual({ prompt: ['consent'], nonce: 'n' });
    expect(mustSignIn(back, aSession(10_000), 10_001)).toBe(false);
    expect(afterSignIn(oidcRequest({ max_age: '60' }))!.maxAge).toBe(60);
  });
});

describe('the OpenID scopes (SPEC §10)', () => {
  const limits = { catalogue: new Map([['read', 'Read']]), client: null, user: ['read'], defaults: [], firstParty: false };

  it('need no catalogue entry and are not bound by the user’s --scopes, only in a flow where a user signs in', () => {
    expect(grantableScopes(['openid', 'profile', 'email', 'read'], { ...limits, identity: true })).toEqual(['openid', 'profile', 'email', 'read']);
    expect(() => grantableScopes(['openid'], limits)).toThrow(expect.objectContaining({ code: 'invalid_scope' }));
  });

  it('are bound by a client’s --scopes list like any scope it may ask for', () => {
    expect(() => grantableScopes(['openid'], { ...limits, client: ['read'], identity: true })).toThrow(expect.objectContaining({ code: 'invalid_scope' }));
    expect(grantableScopes(['openid'], { ...limits, client: ['read', 'openid'], identity: true })).toEqual(['openid']);
  });
});
