import { nowSeconds } from '../../clock.js';
import type { Config } from '../../config.js';
import { audit } from '../../log.js';
import { ROUTE } from '../../routes.js';
import { OAuthError } from '../errors.js';
import type { AttemptStore, DeviceStore, ReadPorts, UserCodeRecord } from '../ports.js';
import { ACCOUNT_SCOPE, catalogueScopeNames, describeScope } from '../scopes.js';
import { pathOf } from '../sessions/paths.js';
import { csrfMatches, csrfToken, sessionDigest } from '../sessions/session.js';
import { beginAttempt, recordFailure, recordSuccess, throttleReads, type Throttle } from '../sessions/throttle.js';
import { formatUserCode, normalizeUserCode, userCodeDigest } from './user-code.js';

export interface VerificationDeps extends ReadPorts {
  readonly config: Pick<Config, 'lockout'>;
  readonly attempts: AttemptStore;
  readonly devices: Pick<DeviceStore, 'decide'>;
}

export interface VerificationRequest {
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly issuer: string;
  readonly sessionId: string | undefined;
  readonly ip: string;
}

export type VerificationOutcome =
  | { readonly kind: 'login'; readonly returnTo: string }
  | {
      readonly kind: 'entry';
      readonly status: number;
      readonly email: string;
      readonly csrf: string;
      readonly userCode: string;
      readonly error?: string;
      readonly retryAfter?: number;
    }
  | {
      readonly kind: 'consent';
      readonly email: string;
      readonly csrf: string;
      readonly userCode: string;
      readonly clientName: string;
      readonly scopes: readonly { name: string; description: string }[];
      /** The resource (RFC 8707) the token will be for, when the device named one. */
      readonly resource?: { readonly name: string; readonly uri: string };
    }
  | { readonly kind: 'done'; readonly approved: boolean; readonly clientName: string };

const NOT_FOUND = 'That code is not valid, has expired or has already been used. Check the code on your device and try again.';

/**
 * The verification page (RFC 8628 §3.3), for a signed-in person only: the code entry form
 * (prefilled from `verification_uri_complete`), then a consent page with the client's name,
 * the resource the token is for (RFC 8707), the scopes and the code to compare with the
 * device's screen, then the decision. The consent
 * page is shown on EVERY approval, first-party client or remembered consent alike (§5.4: a
 * code sent to a victim by an attacker is only caught by the person reading what they approve).
 * Every look-up of a code is counted like a password attempt, per session and per address
 * (§5.1, functions/oauth/sessions/throttle.ts); a malformed code is not looked up at all.
 */
export async function verification(deps: VerificationDeps, req: VerificationRequest): Promise<VerificationOutcome> {
  const typed = (req.params.user_code ?? '').slice(0, 64);
  const digest = sessionDigest(req.sessionId);
  if (!digest) return { kind: 'login', returnTo: returnToDevice(req.issuer, typed) };
  const throttle: Throttle = { ids: [`device:${digest}`, `ip:${req.ip.slice(0, 64)}`] };
  // One batch: the session, its counters and — on a POST of a well-formed code — the code.
  // What the code read finds is used only once the attempt is counted.
  const normalized = req.method === 'POST' ? normalizeUserCode(typed) : undefined;
  const first = await deps.batch.load({
    session: deps.reads.session(digest),
    ...throttleReads(deps.reads, throttle),
    ...(normalized ? { code: deps.reads.userCode(userCodeDigest(normalized)) } : {}),
  });
  const session = first.session;
  if (!session) return { kind: 'login', returnTo: returnToDevice(req.issuer, typed) };
  const csrf = csrfToken(req.sessionId!);
  const entry = (status: number, error?: string, retryAfter?: number): VerificationOutcome => ({
    kind: 'entry',
    status,
    email: session.email,
    csrf,
    userCode: typed,
    ...(error ? { error } : {}),
    ...(retryAfter ? { retryAfter } : {}),
  });
  if (req.method !== 'POST') return entry(200);

  if (!csrfMatches(req.sessionId!, req.params.csrf_token)) {
    throw new OAuthError('invalid_request', 'This form has expired or did not come from this site. Go back and try again.', { status: 403 });
  }
  if (!normalized) return entry(400, 'Enter the 8-letter code your device shows, such as BCDF-GHJK.');

  const counted = await beginAttempt(deps.attempts, deps.config.lockout, throttle, first);
  if ('lockedFor' in counted) {
    const minutes = Math.ceil(counted.lockedFor / 60);
    return entry(429, `Too many wrong codes. Try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`, counted.lockedFor);
  }
  const code = first.code;
  if (!code) {
    await recordFailure(deps.attempts, deps.config.lockout, throttle, counted.attempt, { user_id: session.userId, ip: req.ip });
    return entry(400, NOT_FOUND);
  }
  await recordSuccess(deps.attempts, throttle, counted.attempt);

  // The resource (RFC 8707) in the same batch as the client: its name costs no round trip.
  const { client, catalogue, user, resource } = await deps.batch.load({
    client: deps.reads.client(code.clientId),
    catalogue: deps.reads.catalogue(catalogueScopeNames(code.scopes)),
    user: deps.reads.user(session.email),
    ...(code.resource !== undefined ? { resource: deps.reads.resource(code.resource) } : {}),
  });
  if (!user || user.id !== session.userId) return { kind: 'login', returnTo: returnToDevice(req.issuer, typed) };
  if (!client || client.revoked) return entry(400, NOT_FOUND);
  const decision = req.params.decision;
  if (decision === undefined) {
    return {
      kind: 'consent',
      email: session.email,
      csrf,
      userCode: formatUserCode(normalized),
      clientName: client.name,
      scopes: code.scopes.map((name) => ({ name, description: describeScope(catalogue, name) })),
      // The URI is what the token's aud will be, registered or not by now; the name when known.
      ...(code.resource !== undefined ? { resource: { name: resource?.name ?? code.resource, uri: code.resource } } : {}),
    };
  }
  if (decision !== 'approve' && decision !== 'deny') throw new OAuthError('invalid_request', 'decision must be approve or deny.');
  const approved = decision === 'approve';
  if (approved) checkUserMayGrant(code, user.scopes);
  if (!(await deps.devices.decide(code, user.id, approved, nowSeconds()))) return entry(400, NOT_FOUND);
  audit(approved ? 'device.approved' : 'device.denied', { client_id: client.id, user_id: user.id, ip: req.ip });
  return { kind: 'done', approved, clientName: client.name };
}

/** SPEC §5: the scopes of a token are within what the user may do. */
function checkUserMayGrant(code: UserCodeRecord, userScopes: readonly string[] | null): void {
  for (const scope of code.scopes) {
    if (scope === ACCOUNT_SCOPE) continue;
    if (userScopes && !userScopes.includes(scope)) {
      throw new OAuthError('invalid_scope', `You do not have the scope "${scope}" to grant.`, { status: 403 });
    }
  }
}

/** Back to the verification page after signing in, with what was typed (already bounded). */
function returnToDevice(issuer: string, typed: string): string {
  const path = pathOf(issuer, ROUTE.device.path);
  return typed ? `${path}?${new URLSearchParams({ user_code: typed }).toString()}` : path;
}
