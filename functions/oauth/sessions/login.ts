import { audit } from '../../log.js';
import { isUserEmail } from '../identifiers.js';
import { burnVerify, verifySecret } from '../passwords.js';
import type { Config } from '../../config.js';
import type { AttemptStore, AuthorizationStore, ReadPorts, User } from '../ports.js';
import { beginAttempt, recordFailure, recordSuccess, throttleFor, throttleReads } from './throttle.js';
import { newSession, sessionDigest } from './session.js';

export interface LoginDeps extends ReadPorts {
  readonly authorizations: Pick<AuthorizationStore, 'createSession' | 'deleteSession'>;
  readonly attempts: AttemptStore;
  readonly lockout: Config['lockout'];
  readonly sessionTtl: number;
}

export type SignInResult =
  | { readonly user: User; readonly sessionId: string }
  | { readonly failed: true }
  /** Too many failures for this account or address: refused without checking the password. */
  | { readonly lockedFor: number };

/** The one message for a wrong email and a wrong password: it must not tell which. */
export const LOGIN_FAILED = 'The email or password is incorrect.';

const MAX_EMAIL = 320;
const MAX_PASSWORD = 1024;

/**
 * Checks an email and password and starts a session: one batch read (the user and the attempt
 * counters of the account and the address), the attempt counted (one conditional write), one
 * argon2 verify — also for an unknown email (burnVerify), so the answer and its timing do not
 * reveal who has an account — then the session (and the counter cleared). A new session id
 * every time (no session fixation). While the account or the address is locked out, the
 * password is not checked at all (functions/oauth/sessions/throttle.ts).
 */
export async function signIn(deps: LoginDeps, email: string, password: string, ip: string): Promise<SignInResult> {
  // An address no account could have (SPEC §6): the wrong-password answer, with nothing read,
  // verified or counted — there is no account to guess the password of.
  if (!isUserEmail(email)) return { failed: true };
  const plausible = email.length <= MAX_EMAIL && password.length <= MAX_PASSWORD;
  const throttle = throttleFor(email, ip);
  const found = await deps.batch.load({ ...(plausible ? { user: deps.reads.user(email) } : {}), ...throttleReads(deps.reads, throttle) });
  const user = found.user;
  // Counted before the password is checked, so parallel guesses cannot outrun the lock.
  const counted = await beginAttempt(deps.attempts, deps.lockout, throttle, found);
  if ('lockedFor' in counted) {
    audit('user.authentication_failed', { user_id: user?.id, ip, reason: 'locked out' });
    return { lockedFor: counted.lockedFor };
  }
  const ok = user ? await verifySecret(user.passwordHash, password) : await burnVerify(password);
  if (!user || !ok) {
    audit('user.authentication_failed', { user_id: user?.id, ip, reason: 'login page' });
    await recordFailure(deps.attempts, deps.lockout, throttle, counted.attempt, { user_id: user?.id, ip });
    return { failed: true };
  }
  const session = newSession(user, deps.sessionTtl);
  await Promise.all([recordSuccess(deps.attempts, throttle, counted.attempt), deps.authorizations.createSession(session.record)]);
  return { user, sessionId: session.id };
}

/** Ends a session: its item goes, so the cookie is worthless even if it was copied. */
export async function signOut(deps: Pick<LoginDeps, 'authorizations'>, sessionId: string | undefined): Promise<void> {
  const digest = sessionDigest(sessionId);
  if (digest) await deps.authorizations.deleteSession(digest);
}
