import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../../../functions/oauth/errors.js';
import { parseChallenge, parseVerifier, s256, verifierMatches } from '../../../../functions/oauth/grants/pkce.js';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 Appendix B', () => {
    expect(s256(VERIFIER)).toBe(CHALLENGE);
    expect(verifierMatches(VERIFIER, CHALLENGE)).toBe(true);
    expect(verifierMatches(VERIFIER.replace('d', 'e'), CHALLENGE)).toBe(false);
  });

  it('accepts an S256 challenge and no challenge at all', () => {
    expect(parseChallenge(CHALLENGE, 'S256')).toBe(CHALLENGE);
    expect(parseChallenge(undefined, undefined)).toBeUndefined();
  });

  it('refuses plain, a missing method, a method without challenge and a malformed challenge', () => {
    for (const [challenge, method] of [
      [CHALLENGE, 'plain'],
      [CHALLENGE, undefined],
      [undefined, 'S256'],
      [`${CHALLENGE}=`, 'S256'],
      ['short', 'S256'],
    ] as const) {
      expect(() => parseChallenge(challenge, method)).toThrow(OAuthError);
    }
  });

  it('accepts verifiers of 43 to 128 unreserved characters only', () => {
    expect(parseVerifier('a'.repeat(43))).toBe('a'.repeat(43));
    expect(parseVerifier(`${'A'.repeat(124)}-._~`)).toHaveLength(128);
    for (const bad of ['a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}+`, `${'a'.repeat(42)} `]) {
      expect(() => parseVerifier(bad)).toThrow(/code_verifier/);
    }
  });
});
