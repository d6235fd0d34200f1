import { describe, expect, it } from 'vitest';
import { formatUserCode, newUserCode, normalizeUserCode, USER_CODE_ALPHABET, userCodeDigest } from '../../../../functions/oauth/device/user-code.js';

describe('user codes (RFC 8628 §6.1)', () => {
  it('are 8 characters of the 20 consonants, each one used about equally often', () => {
    const counts = new Map<string, number>();
    const draws = 2_000;
    for (let i = 0; i < draws; i++) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
      for (const c of code) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe(USER_CODE_ALPHABET);
    // 16,000 characters over 20 letters: 800 each expected; a biased draw (e.g. byte % 20) would not stay this close.
    for (const n of counts.values()) expect(Math.abs(n - 800)).toBeLessThan(200);
  });

  it('are shown as XXXX-XXXX and read back in any case, with or without the dash or spaces', () => {
    expect(formatUserCode('BCDFGHJK')).toBe('BCDF-GHJK');
    for (const typed of ['BCDF-GHJK', 'bcdf-ghjk', 'bcdfghjk', ' BCDF GHJK ', 'Bc-Df-Gh-Jk']) expect(normalizeUserCode(typed)).toBe('BCDFGHJK');
  });

  it('refuse anything no code could be, before any look-up', () => {
    for (const typed of [undefined, '', 'BCDF-GHJ', 'BCDF-GHJKL', 'AEIO-UBCD', 'BCDF-GHJ1', 'B'.repeat(65), 'BCDF\u0000GHJK']) {
      expect(normalizeUserCode(typed)).toBeUndefined();
    }
  });

  it('are looked up by a digest that does not contain them', () => {
    expect(userCodeDigest('BCDFGHJK')).toMatch(/^[\w-]{43}$/);
    expect(userCodeDigest('BCDFGHJK')).not.toContain('BCDFGHJK');
  });
});
