import { invalidRequest, invalidScope } from './errors.js';
import type { ScopeCatalogue } from './ports.js';

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
}

/**
 * The scopes a token gets: exactly those requested (or the defaults when none are), each in the
 * catalogue and within what both the client and the user may have. Too wide a request is
 * refused with invalid_scope, never silently narrowed (SPEC §6).
 */
export function grantableScopes(requested: readonly string[] | undefined, limits: ScopeLimits): readonly string[] {
  const scopes = requested ?? [...limits.defaults];
  for (const scope of scopes) {
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

/** RFC 6749 §6: a refresh may narrow the original scopes, never widen them. */
export function narrowedScopes(requested: readonly string[] | undefined, original: readonly string[]): readonly string[] {
  if (requested === undefined) return original;
  for (const scope of requested) {
    if (!original.includes(scope)) throw invalidScope(`The scope "${scope}" was not part of the original grant.`);
  }
  return requested;
}
