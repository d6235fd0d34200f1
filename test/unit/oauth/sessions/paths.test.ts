import { describe, expect, it } from 'vitest';
import { loginFormTargets, pathOf, safeReturnTo } from '../../../../functions/oauth/sessions/paths.js';
import { RETURN_TO_ATTEMPTS as TRICKY } from '../../../support/open-redirects.js';

describe('return_to after login', () => {
  const issuer = 'https://auth.example.com';

  it('keeps a path of this server, with its query', () => {
    expect(safeReturnTo('/oauth/authorize?client_id=a&state=b', issuer)).toBe('/oauth/authorize?client_id=a&state=b');
  });

  it('refuses everything that could leave this origin', () => {
    for (const raw of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      'oauth/authorize',
      '/\t/evil.example',
      '',
    ]) {
      expect(safeReturnTo(raw, issuer)).toBeUndefined();
    }
  });

  it.each(TRICKY)('never leaves the origin: %j', (raw, outcome) => {
    const kept = safeReturnTo(raw, issuer);
    if (outcome === 'default') {
      expect(kept).toBeUndefined();
    } else {
      expect(kept).toBeDefined();
      expect(kept!.startsWith('//')).toBe(false);
    }
    // However it is used afterwards, it resolves to this origin.
    if (kept !== undefined) expect(new URL(kept, issuer).origin).toBe(issuer);
  });

  it('stays under the issuer path when the issuer has one', () => {
    const based = 'https://example.com/auth';
    expect(pathOf(based, '/oauth/login')).toBe('/auth/oauth/login');
    expect(safeReturnTo('/auth/oauth/authorize?x=1', based)).toBe('/auth/oauth/authorize?x=1');
    expect(safeReturnTo('/elsewhere', based)).toBeUndefined();
  });

  it("lets the login form lead on to the redirect URI of an authorization request, and nowhere else", () => {
    const returnTo = `/oauth/authorize?${new URLSearchParams({ redirect_uri: 'https://app.example/cb?x=1' })}`;
    expect(loginFormTargets(returnTo, issuer)).toEqual(['https://app.example']);
    expect(loginFormTargets('/oauth/authorize?redirect_uri=com.example.app%3A%2Fcb', issuer)).toEqual(['com.example.app:']);
    expect(loginFormTargets('/oauth/other?redirect_uri=https%3A%2F%2Fapp.example', issuer)).toEqual([]);
    expect(loginFormTargets(undefined, issuer)).toEqual([]);
  });
});
