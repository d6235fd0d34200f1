import { audit } from '../log.js';
import { burnVerify, verifySecret } from './passwords.js';
import type { AuthorizationStore, TokenStore, User, UserRepository } from './ports.js';
import { newSession, sessionDigest } from './sessions.js';

export interface LoginDeps {
  readonly users: Pick<UserRepository, 'getByEmail'>;
  readonly store: Pick<TokenStore, 'load'>;
  readonly authorizations: Pick<AuthorizationStore, 'createSession' | 'deleteSession'>;
  readonly sessionTtl: number;
}

/** The one message for a wrong email and a wrong password: it must not tell which. */
export const LOGIN_FAILED = 'The email or password is incorrect.';

const MAX_EMAIL = 320;
const MAX_PASSWORD = 1024;

/**
 * Checks an email and password and starts a session: one read, one argon2 verify — also for
 * an unknown email (burnVerify), so the answer and its timing do not reveal who has an
 * account — and one write. A new session id every time (no session fixation).
 */
export async function signIn(
  deps: LoginDeps,
  email: string,
  password: string,
  ip: string,
): Promise<{ user: User; sessionId: string } | undefined> {
  const user = email.length <= MAX_EMAIL && password.length <= MAX_PASSWORD ? await deps.users.getByEmail(email) : undefined;
  const ok = user ? await verifySecret(user.passwordHash, password) : await burnVerify(password);
  if (!user || !ok) {
    audit('user.authentication_failed', { user_id: user?.id, ip, reason: 'login page' });
    return undefined;
  }
  const session = newSession(user, deps.sessionTtl);
  await deps.authorizations.createSession(session.record);
  return { user, sessionId: session.id };
}

/** The live session a cookie names, if any. One read. */
export async function currentSession(deps: Pick<LoginDeps, 'store'>, sessionId: string | undefined) {
  const digest = sessionDigest(sessionId);
  if (!digest) return undefined;
  return (await deps.store.load({ sessionDigest: digest })).session;
}

/** Ends a session: its item goes, so the cookie is worthless even if it was copied. */
export async function signOut(deps: Pick<LoginDeps, 'authorizations'>, sessionId: string | undefined): Promise<void> {
  const digest = sessionDigest(sessionId);
  if (digest) await deps.authorizations.deleteSession(digest);
}
