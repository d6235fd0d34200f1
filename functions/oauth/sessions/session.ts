import { createHmac, randomUUID } from 'node:crypto';
import { nowSeconds } from '../../clock.js';
import { randomToken, safeEqual, sha256 } from '../crypto.js';
import type { Session, User } from '../ports.js';

/**
 * Login sessions. The cookie carries 256 random bits; the table knows only their SHA-256, so a
 * leaked table does not yield live sessions. Anything that is not shaped like an id is no
 * session at all — it is never even looked up.
 */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A browser's request to a page of the protocol (authorize, end-session): its parameters and session cookie. */
export interface BrowserRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly issuer: string;
  /** The session cookie's value, if the browser sent one. */
  readonly sessionId: string | undefined;
}

export function newSession(user: User, ttlSeconds: number): { id: string; record: Session } {
  const id = randomToken();
  const createdAt = nowSeconds();
  return {
    id,
    // `sid` names the session in id_tokens (OIDC Core §2, Front-Channel Logout §3): random, not derived from the cookie.
    record: { digest: sha256(id), userId: user.id, email: user.email, createdAt, expiresAt: createdAt + ttlSeconds, sid: randomUUID() },
  };
}

/** The digest to look a cookie's session up by, or undefined for a malformed cookie. */
export function sessionDigest(id: string | undefined): string | undefined {
  return id !== undefined && SESSION_ID.test(id) ? sha256(id) : undefined;
}

/**
 * The CSRF token of a session's forms: an HMAC keyed with the secret session id, so it is bound
 * to that session, needs no storage, and cannot be computed without the HttpOnly cookie.
 */
export function csrfToken(sessionId: string): string {
  return createHmac('sha256', sessionId).update('connect-csrf').digest('base64url');
}

export function csrfMatches(sessionId: string, presented: string | undefined): boolean {
  return presented !== undefined && safeEqual(csrfToken(sessionId), presented);
}
