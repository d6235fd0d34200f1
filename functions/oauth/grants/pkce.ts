import { createHash } from 'node:crypto';
import { invalidRequest } from '../errors.js';
import { safeEqual } from '../crypto.js';

/**
 * PKCE (RFC 7636), S256 only: `plain` would let anyone who sees the authorization request
 * redeem the code, so it is refused (RFC 9700 §2.1.1).
 */

/** §4.1: code_verifier = 43*128unreserved. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** §4.2: BASE64URL(SHA256(verifier)) is always 43 characters, unpadded. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The challenge of an authorization request (§4.3), or undefined when none was sent. A missing
 * method means `plain` (§4.3), which is not supported (§4.4.1: invalid_request).
 */
export function parseChallenge(challenge: string | undefined, method: string | undefined): string | undefined {
  if (challenge === undefined) {
    if (method !== undefined) throw invalidRequest('code_challenge_method was sent without a code_challenge.');
    return undefined;
  }
  if (method !== 'S256') {
    throw invalidRequest('code_challenge_method must be S256: the plain method is not supported (RFC 7636 §4.4.1).');
  }
  if (!S256_CHALLENGE.test(challenge)) {
    throw invalidRequest('code_challenge must be the 43-character base64url SHA-256 of the code verifier.');
  }
  return challenge;
}

/** Syntax of a code_verifier at the token endpoint (§4.1). */
export function parseVerifier(verifier: string | undefined): string | undefined {
  if (verifier === undefined) return undefined;
  if (!VERIFIER.test(verifier)) {
    throw invalidRequest('code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).');
  }
  return verifier;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** §4.6: the verifier matches the stored challenge (constant time). */
export function verifierMatches(verifier: string, challenge: string): boolean {
  return safeEqual(s256(verifier), challenge);
}
