import type { ScopeCatalogue } from '../ports.js';

/**
 * What dynamic client registration (RFC 7591) needs from storage, beside creating the client
 * (ClientRepository.create) and counting registrations per address (AttemptStore).
 */

/** An initial access token (RFC 7591 §3): stored only as its SHA-256 digest, until it expires. */
export interface RegistrationToken {
  readonly digest: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface RegistrationStore {
  /** One BatchGetItem: the scope catalogue and, when a digest is given, that live initial access token. */
  context(tokenDigest?: string): Promise<{ readonly catalogue: ScopeCatalogue; readonly token?: RegistrationToken }>;
  createToken(token: RegistrationToken): Promise<void>;
}
