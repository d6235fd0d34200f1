import type { Config } from '../config.js';
import { audit } from '../log.js';
import { nowSeconds } from './crypto.js';
import type { AttemptStore, Snapshot } from './ports.js';

/**
 * Brute-force protection for everything that checks a user's password (the login page and
 * the password grant), per account and per client address: after `threshold` failures within
 * the window, attempts are refused — without any argon2 work — for a lock that doubles with
 * each further failure (30 s, 1 min, 2 min … 15 min). A success clears the account's counter.
 * The address counter is not cleared by a success, or one real account would let its owner
 * keep guessing others' passwords from the same address. (RFC 9700 §4.4 / OWASP ASVS 2.2.1.)
 */
export interface Throttle {
  readonly ids: readonly [account: string, address: string];
}

export function throttleFor(email: string, ip: string): Throttle {
  return { ids: [`account:${email.trim().toLowerCase()}`, `ip:${ip}`] };
}

/** Seconds until attempts are allowed again; 0 when they are. Counters come in the request's batch read. */
export function lockedFor(throttle: Throttle, snapshot: Pick<Snapshot, 'attempts'>, now = nowSeconds()): number {
  let until = 0;
  for (const id of throttle.ids) until = Math.max(until, snapshot.attempts?.get(id)?.lockedUntil ?? 0);
  return Math.max(0, until - now);
}

export async function recordFailure(
  attempts: AttemptStore,
  lockout: Config['lockout'],
  throttle: Throttle,
  context: { client_id?: string; user_id?: string; ip: string },
): Promise<void> {
  const [account] = throttle.ids;
  const counts = await Promise.all(throttle.ids.map((id) => attempts.recordFailure(id, lockout.windowSeconds)));
  const thresholds = [lockout.accountThreshold, lockout.ipThreshold];
  await Promise.all(
    throttle.ids.map(async (id, i) => {
      const over = counts[i]! - thresholds[i]!;
      if (over < 0) return;
      const seconds = Math.min(lockout.maxSeconds, lockout.baseSeconds * 2 ** over);
      await attempts.lock(id, nowSeconds() + seconds);
      audit('user.locked_out', { ...context, reason: `${id === account ? 'account' : 'address'} locked for ${seconds} s` });
    }),
  );
}

/** After a correct password: forget the account's failures (only if there were any: no write otherwise). */
export async function recordSuccess(attempts: AttemptStore, throttle: Throttle, snapshot: Pick<Snapshot, 'attempts'>): Promise<void> {
  const [account] = throttle.ids;
  if (snapshot.attempts?.has(account)) await attempts.reset(account);
}
