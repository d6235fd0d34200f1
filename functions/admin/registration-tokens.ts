import { nowSeconds } from '../clock.js';
import { randomToken, sha256 } from '../oauth/crypto.js';
import type { RegistrationStore } from '../oauth/clients/registration-ports.js';
import { AdminError } from './errors.js';

/** A day: long enough to hand to a developer, short enough not to linger. */
export const DEFAULT_REGISTRATION_TOKEN_SECONDS = 86400;
const MAX_REGISTRATION_TOKEN_SECONDS = 365 * 86400;

/**
 * `registration:token` (SPEC §9): an initial access token for POST /oauth/register when
 * REGISTRATION=token (RFC 7591 §3). 256 random bits, shown once, stored only as its SHA-256
 * digest; it registers clients until it expires.
 */
export async function createRegistrationToken(deps: { readonly registrations: Pick<RegistrationStore, 'createToken'> }, options: { readonly expiresIn: number }) {
  if (options.expiresIn < 60 || options.expiresIn > MAX_REGISTRATION_TOKEN_SECONDS) {
    throw new AdminError('--expires-in must be between 1 minute and 365 days', 'invalid', 'expires_in');
  }
  const token = randomToken(32);
  const createdAt = Math.floor(nowSeconds());
  const expiresAt = createdAt + options.expiresIn;
  await deps.registrations.createToken({ digest: sha256(token), createdAt, expiresAt });
  return { registration_token: token, expires_at: new Date(expiresAt * 1000).toISOString() };
}
