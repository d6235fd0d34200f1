import { nowSeconds } from '../../clock.js';
import type { Config } from '../../config.js';
import { audit } from '../../log.js';
import { sha256 } from '../crypto.js';
import type { AttemptCounter, AttemptStore, Read, ReadCatalog } from '../ports.js';

/**
 * Brute-force protection for everything that checks a user's password (the login page and
 * the password grant), per account and per client address (RFC 9700 §4.4, OWASP ASVS 2.2.1).
 *
 * Per account, the attempt is counted BEFORE the password is verified, by a conditional write
 * that fails once the lock applies (AttemptStore.claim): however many requests arrive at once,
 * at most `threshold` verifications happen per window, then one more each time a lock has
 * passed — a lock that doubles with each further failure (30 s, 1 min, 2 min … 15 min). A
 * success clears the account's count, or, when other attempts were counted after it, takes
 * back its own. So parallel sign-ins of one account are limited to `threshold` at a time.
 *
 * Per address, failures are counted after the check (a success must not count against an
 * office's shared address), and a success does not clear them, or one real account would let
 * its owner keep guessing others' passwords from the same address.
 */
export interface Throttle {
  readonly ids: readonly [account: string, address: string];
}

/**
 * The counters' ids. The account's is a digest of the normalized name, never the name itself:
 * a password typed into the username field must not be stored in clear, and the key stays
 * 43 characters whatever was typed.
 */
export function throttleFor(email: string, ip: string): Throttle {
  return { ids: [`account:${sha256(email.trim().toLowerCase())}`, `ip:${ip.slice(0, 64)}`] };
}

/** The counters of the account and the address, as descriptors for the request's batch. */
export interface ThrottleReads {
  readonly accountAttempts: Read<AttemptCounter | undefined>;
  readonly addressAttempts: Read<AttemptCounter | undefined>;
}

/** The live counters as the batch read them (absent = no recent failure). */
export interface ThrottleSeen {
  readonly accountAttempts?: AttemptCounter | undefined;
  readonly addressAttempts?: AttemptCounter | undefined;
}

export function throttleReads(reads: Pick<ReadCatalog, 'attempts'>, throttle: Throttle): ThrottleReads {
  return { accountAttempts: reads.attempts(throttle.ids[0]), addressAttempts: reads.attempts(throttle.ids[1]) };
}

/** Seconds until attempts are allowed again, as the request's batch read saw it; 0 when they are. */
export function lockedFor(seen: ThrottleSeen, lockout: Config['lockout'], now = nowSeconds()): number {
  const { accountAttempts: account, addressAttempts: address } = seen;
  let until = 0;
  if (account && account.failures >= lockout.accountThreshold) until = account.lockedUntil;
  if (address) until = Math.max(until, address.lockedUntil);
  return Math.max(0, until - now);
}

/** A counted attempt (its number within the window), or a refusal without any argon2 work. */
export type Attempt = { readonly attempt: number } | { readonly lockedFor: number };

/**
 * Counts this attempt on the account before the password is checked. The batch read already
 * told whether the account or the address is locked (then no write at all); the claim itself
 * is what holds under concurrency.
 */
export async function beginAttempt(
  attempts: AttemptStore,
  lockout: Config['lockout'],
  throttle: Throttle,
  seen: ThrottleSeen,
): Promise<Attempt> {
  const locked = lockedFor(seen, lockout);
  if (locked > 0) return { lockedFor: locked };
  const claim = await attempts.claim(throttle.ids[0], {
    threshold: lockout.accountThreshold,
    windowSeconds: lockout.windowSeconds,
    fresh: seen.accountAttempts === undefined,
  });
  if ('lockedUntil' in claim) return { lockedFor: Math.max(1, claim.lockedUntil - nowSeconds()) };
  return claim;
}

/**
 * After a wrong password: the account's attempt is already counted; past the threshold it
 * sets the lock (doubling per attempt beyond it). The address counts the failure now.
 */
export async function recordFailure(
  attempts: AttemptStore,
  lockout: Config['lockout'],
  throttle: Throttle,
  attempt: number,
  context: { client_id?: string; user_id?: string; ip: string },
): Promise<void> {
  const [account, address] = throttle.ids;
  const lock = async (id: string, over: number, what: string) => {
    if (over < 0) return;
    const seconds = Math.min(lockout.maxSeconds, lockout.baseSeconds * 2 ** over);
    await attempts.lock(id, nowSeconds() + seconds);
    audit('user.locked_out', { ...context, reason: `${what} locked for ${seconds} s` });
  };
  await Promise.all([
    lock(account, attempt - lockout.accountThreshold, 'account'),
    attempts.recordFailure(address, lockout.windowSeconds).then((count) => lock(address, count - lockout.ipThreshold, 'address')),
  ]);
}

/** After a correct password: forget the account's attempts (or only this one, if others came after it). */
export async function recordSuccess(attempts: AttemptStore, throttle: Throttle, attempt: number): Promise<void> {
  await attempts.reset(throttle.ids[0], attempt);
}
