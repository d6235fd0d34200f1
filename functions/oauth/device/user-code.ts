import { randomInt } from 'node:crypto';
import { sha256 } from '../crypto.js';

/**
 * RFC 8628 §6.1: user codes a person can read off a screen and type on a phone. Twenty
 * consonants (no vowels, so no words; no look-alikes such as 0/O, 1/I) to the power of 8 is
 * about 2.56·10¹⁰ values, against at most LOCKOUT_THRESHOLD guesses per session and address
 * per window (§5.1) and a life of DEVICE_CODE_TTL_SECONDS.
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

const SHAPE = new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}$`);

/** A new code, each character drawn uniformly (randomInt rejects the biased tail). */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** How a code is shown: `XXXX-XXXX` (§6.1: a separator helps people read and type it). */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, normalized (§6.1: case-insensitive; the dash and spaces are
 * presentation), then checked for its shape and size before anything is looked up (SPEC §6).
 * Undefined for anything no code could be.
 */
export function normalizeUserCode(typed: string | undefined): string | undefined {
  if (typed === undefined || typed.length > 64) return undefined;
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return SHAPE.test(code) ? code : undefined;
}

/** The key of a user code's item: the code itself is never stored. */
export function userCodeDigest(normalized: string): string {
  return sha256(`user-code:${normalized}`);
}
