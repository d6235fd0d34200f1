import { OAuthError } from '../errors.js';
import type { KeyRing } from './keyring.js';
import type { BatchReader, ReadPorts, ReadResults, Reads } from '../ports.js';
import { ACCOUNT_SCOPE } from '../scopes.js';
import { csrfMatches, csrfToken, sessionDigest } from '../sessions/session.js';
import { expectedToken, verifyAccessToken } from './access-tokens.js';
import { clientIsLive, grantIsLive, liveTokenReads } from './live-token.js';

/**
 * Who is calling the management API (SPEC §4, issue #6), answered like a resource server
 * (RFC 6750): the login session cookie — with the CSRF token in a header on writes, as
 * Laravel's web middleware asks — or a Bearer access token of a first-party client carrying
 * the built-in scope `connect:account` (SPEC §6, issue #10), checked live as introspection
 * checks it (deny-listed jti, revoked grant, revoked client), in the same single BatchGetItem
 * as whatever the route itself reads.
 */
export interface CallerCredentials {
  /** The Authorization header, if any: it wins over a cookie. */
  readonly authorization: string | undefined;
  /** The session cookie's value, if any. */
  readonly sessionId: string | undefined;
  /** `X-CSRF-TOKEN` or `X-XSRF-TOKEN`. */
  readonly csrf: string | undefined;
  /** POST, PUT, DELETE: a cookie alone is not enough (cross-site request forgery). */
  readonly write: boolean;
  readonly issuer: string;
}

export interface Caller {
  readonly userId: string;
  readonly via: 'session' | 'bearer';
  /** Session callers: their email (the user item's key) and the CSRF token their writes need. */
  readonly email?: string;
  readonly csrf?: string;
  /** Bearer callers: the token's scopes, which bound what it may hand on (a personal access token). */
  readonly scopes?: readonly string[];
}

export interface AccessDeps extends ReadPorts {
  readonly keys: KeyRing;
  readonly config: { readonly audience: string | undefined };
}

/** RFC 6750 §2.1: `Bearer <b64token>`. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** What identifyCaller answers: the caller, what the route named (`found`), and `alongside`'s result. */
export interface Identified<R extends Reads, T> {
  readonly caller: Caller;
  readonly found: ReadResults<R>;
  readonly alongside: T;
}

/**
 * Identifies the caller and reads `reads` in the same round trip. `alongside` — reads only,
 * never a write — starts as soon as the user is known (at once for a Bearer token), so a
 * listing costs no extra round trip; its result is used only if the caller checks out.
 */
export async function identifyCaller<R extends Reads = {}, T = undefined>(
  deps: AccessDeps,
  credentials: CallerCredentials,
  reads: R = {} as R,
  alongside?: (userId: string) => Promise<T>,
): Promise<Identified<R, T>> {
  if (credentials.authorization !== undefined) return bearerCaller(deps, credentials, reads, alongside);
  const digest = sessionDigest(credentials.sessionId);
  if (!digest) throw unauthenticated();
  // The token is derived from the cookie: a forged write is refused before anything is read.
  if (credentials.write && !csrfMatches(credentials.sessionId!, credentials.csrf)) {
    throw new OAuthError('invalid_request', 'CSRF token mismatch: send the X-CSRF-TOKEN header with the token of your session.', {
      status: 403,
    });
  }
  const { found, own } = await loadTogether(deps.batch, reads, { session: deps.reads.session(digest) });
  if (!own.session) throw unauthenticated();
  const caller: Caller = {
    userId: own.session.userId,
    via: 'session',
    email: own.session.email,
    csrf: csrfToken(credentials.sessionId!),
  };
  return { caller, found, alongside: (alongside ? await alongside(caller.userId) : undefined) as T };
}

async function bearerCaller<R extends Reads, T>(
  deps: AccessDeps,
  credentials: CallerCredentials,
  reads: R,
  alongside: ((userId: string) => Promise<T>) | undefined,
): Promise<Identified<R, T>> {
  const token = BEARER.exec(credentials.authorization!.trim())?.[1];
  if (!token) throw unauthenticated('The Authorization header must carry a Bearer access token (RFC 6750).');
  const claims = await verifyAccessToken(deps.keys, token, expectedToken(deps.config, credentials.issuer));
  if (!claims) throw invalidToken('The access token is invalid or expired.');
  // RFC 6750 §3.1: a token without the scope this API needs is refused before anything is read.
  const scopes = claims.scope?.split(' ').filter(Boolean) ?? [];
  if (!scopes.includes(ACCOUNT_SCOPE)) {
    throw insufficient(`The access token lacks the scope "${ACCOUNT_SCOPE}" that managing an account needs.`, ACCOUNT_SCOPE);
  }
  const extra = claims.gid !== undefined && claims.sub ? alongside?.(claims.sub) : undefined;
  extra?.catch(() => undefined); // awaited below only if the token checks out
  const { found, own } = await loadTogether(deps.batch, reads, liveTokenReads(deps.reads, claims));
  if (!clientIsLive(own)) throw invalidToken('The access token has been revoked.');
  const { client } = own;
  // Client credentials tokens carry no grant: they act for a client, not for a user.
  if (!claims.gid) throw insufficient('This access token acts for no user: client credentials cannot manage an account.');
  if (!grantIsLive(claims, client, own.grant)) throw invalidToken('The access token has been revoked.');
  if (!client.firstParty) throw insufficient('Only access tokens of first-party clients may manage an account.');
  return { caller: { userId: claims.sub, via: 'bearer', scopes }, found, alongside: (await extra) as T };
}

/**
 * The route's reads and the caller's own in one batch, each answered under its own names:
 * the caller's are kept apart (prefixed in the batch), so a route may name its reads freely.
 */
async function loadTogether<R extends Reads, O extends Reads>(
  batch: BatchReader,
  reads: R,
  own: O,
): Promise<{ found: ReadResults<R>; own: ReadResults<O> }> {
  const prefixed = Object.fromEntries(Object.entries(own).map(([name, read]) => [`caller:${name}`, read]));
  const results: Record<string, unknown> = await batch.load({ ...reads, ...prefixed });
  const found: Record<string, unknown> = {};
  const mine: Record<string, unknown> = {};
  for (const name of Object.keys(reads)) found[name] = results[name];
  for (const name of Object.keys(own)) mine[name] = results[`caller:${name}`];
  return { found: found as ReadResults<R>, own: mine as ReadResults<O> };
}

/** RFC 6750 §3.1: no credentials at all get the bare challenge, without an error code. */
function unauthenticated(description = `Sign in, or send a Bearer access token of a first-party client with the scope ${ACCOUNT_SCOPE}.`): OAuthError {
  return new OAuthError('invalid_token', description, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
}

function invalidToken(description: string): OAuthError {
  return new OAuthError('invalid_token', description, {
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  });
}

function insufficient(description: string, scope?: string): OAuthError {
  const needed = scope ? `, scope="${scope}"` : '';
  return new OAuthError('insufficient_scope', description, {
    headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", error_description="${description}"${needed}` },
  });
}
