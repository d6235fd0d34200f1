import { AdminError } from './errors.js';
import { parseScopeParam } from '../oauth/scopes.js';
import type { ScopeCatalogue } from '../oauth/ports.js';

export const MAX_NAME_LENGTH = 255;
export const MAX_REDIRECT_URI_LENGTH = 2000;

export function requireName(name: string | undefined, field = 'name'): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') throw new AdminError(`${field} is required`, 'invalid', field);
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new AdminError(`${field} must be at most ${MAX_NAME_LENGTH} characters`, 'invalid', field);
  }
  return trimmed;
}

export function requireEmail(email: string | undefined): string {
  const value = email?.trim() ?? '';
  if (!/^[^\s@]+@[^\s@]+$/.test(value) || value.length > 320) {
    throw new AdminError(`"${value}" is not a valid email address`, 'invalid', 'email');
  }
  return value.toLowerCase();
}

/**
 * A `--scopes` / `scopes` value as scope names. The same wording for the same mistake, whichever
 * command or route made it (user:create, client:create, token:create, the management API).
 */
export function parseScopes(raw: string | undefined): string[] | undefined {
  try {
    return parseScopeParam(raw);
  } catch {
    throw new AdminError('scopes must be space-separated scope names', 'invalid', 'scopes');
  }
}

/** Each scope must be in the catalogue (or, for a client, be one of `builtIns`, e.g. `connect:account`). */
export function requireKnownScopes(
  scopes: readonly string[] | undefined,
  catalogue: ScopeCatalogue,
  builtIns: ReadonlyMap<string, string> = new Map(),
): void {
  for (const scope of scopes ?? []) {
    if (!catalogue.has(scope) && !builtIns.has(scope)) {
      throw new AdminError(`the scope "${scope}" does not exist: create it first with scope:create`, 'invalid', 'scopes');
    }
  }
}

/** Scopes given to a user or client: each must be in the catalogue or `builtIns`. undefined = unrestricted. */
export function catalogueScopes(
  raw: string | undefined,
  catalogue: ScopeCatalogue,
  builtIns: ReadonlyMap<string, string> = new Map(),
): string[] | undefined {
  if (raw === undefined) return undefined;
  const scopes = parseScopes(raw);
  requireKnownScopes(scopes, catalogue, builtIns);
  return scopes ?? [];
}

/**
 * A redirect URI must be absolute, without a fragment (RFC 6749 §3.1.2), and https unless it
 * points at this machine (RFC 8252 §7.3 loopback) or uses an app's private scheme. It must be
 * written as a URI is (RFC 3986 §2: visible ASCII, anything else percent-encoded): `new URL()`
 * silently drops tabs and line breaks, so a URI stored with them would differ from the one
 * checked — and could not be sent in a Location header at all.
 */
export function requireRedirectUri(raw: string, field = 'redirect_uris'): string {
  if (raw.length > MAX_REDIRECT_URI_LENGTH) {
    throw new AdminError(`a redirect URI must be at most ${MAX_REDIRECT_URI_LENGTH} characters`, 'invalid', field);
  }
  if (!/^[\x21-\x7E]+$/.test(raw)) {
    // Not echoed: a line break in it would break the CLI's one line, and it may be unprintable.
    throw new AdminError(
      'a redirect URI must contain only visible ASCII characters: no spaces, tabs, line breaks, control or non-ASCII characters (percent-encode them)',
      'invalid',
      field,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AdminError(`redirect URI "${raw}" is not an absolute URL`, 'invalid', field);
  }
  if (url.hash || raw.includes('#')) {
    throw new AdminError(`redirect URI "${raw}" must not contain a fragment`, 'invalid', field);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    throw new AdminError(`redirect URI "${raw}" must use https (http only for localhost)`, 'invalid', field);
  }
  if (['javascript:', 'data:', 'file:', 'vbscript:'].includes(url.protocol)) {
    throw new AdminError(`redirect URI "${raw}" uses a forbidden scheme`, 'invalid', field);
  }
  return raw;
}

/** "90", "90s", "15m", "3h", "7d" → seconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(raw.trim());
  if (!match) throw new AdminError(`"${raw}" is not a duration: use e.g. 30s, 15m, 3h or 7d`, 'invalid', 'grace');
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
