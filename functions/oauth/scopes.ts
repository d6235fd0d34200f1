import { invalidRequest, invalidScope } from './errors.js';
import type { ScopeCatalogue } from './ports.js';
import { IDENTITY_SCOPES, isIdentityScope } from './oidc/scopes.js';

/**
 * SPEC §6: the built-in scope a Bearer token needs to call the management API. It needs no
 * catalogue entry, is never listed as one, and only first-party clients may request it — a
 * third-party app must never be able to manage the account of the user who authorized it.
 */
export const ACCOUNT_SCOPE = 'connect:account';

/** Built-in scopes and what the consent page says of them. */
export const BUILT_IN_SCOPES: ReadonlyMap<string, string> = new Map([
  [ACCOUNT_SCOPE, 'Manage your account: your apps, clients and personal access tokens'],
  ...IDENTITY_SCOPES,
]);

/**
 * The names a request asks for that must be in the catalogue (not built-ins): a container's
 * cached catalogue lacking one of them is re-read, so a scope just created elsewhere works at
 * once (SPEC §6). `scope` as sent, or as parsed; a malformed one names none (it is refused
 * where it is checked).
 */
export function catalogueScopeNames(scope: string | readonly string[] | undefined): readonly string[] {
  let names: readonly string[] | undefined;
  try {
    names = typeof scope === 'string' ? parseScopeParam(scope) : scope;
  } catch {
    return [];
  }
  return (names ?? []).filter((name) => !BUILT_IN_SCOPES.has(name));
}

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), space-delimited. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Parses a `scope` parameter; undefined when the request names none. */
export function parseScopeParam(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const scopes = raw.split(' ').filter((s) => s !== '');
  if (scopes.length === 0) return undefined;
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope)) throw invalidRequest('The scope parameter contains a character RFC 6749 §3.3 does not allow.');
  }
  return [...new Set(scopes)];
}

export interface ScopeLimits {
  readonly catalogue: ScopeCatalogue;
  /** What the client may ask for; null = any catalogue scope. */
  readonly client: readonly string[] | null;
  /** What the user (for client credentials, the client's owner) may do; null = anything. */
  readonly user: readonly string[] | null;
  readonly defaults: readonly string[];
  /** A first-party client: only it may request the built-in `connect:account`. */
  readonly firstParty: boolean;
  /** A flow where a user signs in (authorization code): only there may `openid`, `profile`, `email` be asked (oidc/scopes.ts). */
  readonly identity?: boolean;
}

/**
 * The scopes a token gets: exactly those requested (or the defaults when none are), each in the
 * catalogue and within what both the client and the user may have. Too wide a request is
 * refused with invalid_scope, never silently narrowed (SPEC §6).
 */
export function grantableScopes(requested: readonly string[] | undefined, limits: ScopeLimits): readonly string[] {
  const scopes = requested ?? [...limits.defaults];
  for (const scope of scopes) {
    if (scope === ACCOUNT_SCOPE) {
      if (!limits.firstParty) throw invalidScope(`Only first-party clients may request the scope "${ACCOUNT_SCOPE}".`);
      // The client's own list still binds it; the user's permissions do not: it is their own account.
      if (limits.client && !limits.client.includes(scope)) throw invalidScope(`The client may not request the scope "${scope}".`);
      continue;
    }
    if (isIdentityScope(scope)) {
      if (!limits.identity) throw invalidScope(`The scope "${scope}" is an OpenID Connect scope: only the authorization code flow may request it.`);
      // The client's list binds it; the user's does not (it is their own identity).
      if (limits.client && !limits.client.includes(scope)) throw invalidScope(`The client may not request the scope "${scope}".`);
      continue;
    }
    if (!limits.catalogue.has(scope)) throw invalidScope(`The scope "${scope}" does not exist.`);
    if (limits.client && !limits.client.includes(scope)) {
      throw invalidScope(`The client may not request the scope "${scope}".`);
    }
    if (limits.user && !limits.user.includes(scope)) {
      throw invalidScope(`The user does not have the scope "${scope}".`);
    }
  }
  return scopes;
}

/** What a consent page shows for a scope: its catalogue description, or a built-in's. */
export function describeScope(catalogue: ScopeCatalogue, name: string): string {
  return catalogue.get(name) ?? BUILT_IN_SCOPES.get(name) ?? name;
}

/** RFC 6749 §6: a refresh may narrow the original scopes, never widen them. */
export function narrowedScopes(requested: readonly string[] | undefined, original: readonly string[]): readonly string[] {
  if (requested === undefined) return original;
  for (const scope of requested) {
    if (!original.includes(scope)) throw invalidScope(`The scope "${scope}" was not part of the original grant.`);
  }
  return requested;
}
