import { isPlainText } from '../identifiers.js';

/**
 * Client metadata a third party states about itself (RFC 7591 §2), read from a registration
 * request or a client ID metadata document (SPEC §9). Both are untrusted input: every field is
 * checked for its type, shape and size, and unknown fields are ignored (RFC 7591 §2).
 */

export const MAX_REDIRECT_URIS = 10;
export const MAX_REDIRECT_URI_LENGTH = 2000;
export const MAX_CLIENT_NAME_LENGTH = 100;

/** A field that is not acceptable: `redirect_uris` or another (RFC 7591 §3.2.2's two errors). */
export class MetadataProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Redirect URIs as admin/validation.ts accepts them (RFC 6749 §3.1.2, RFC 8252 §7.3): absolute,
 * no fragment, visible ASCII only, https unless loopback or an app's private scheme, never a
 * script or data scheme. At least one, at most ten; matched exactly later.
 */
export function checkRedirectUris(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new MetadataProblem('redirect_uris', 'redirect_uris must be a non-empty array of URLs.');
  if (value.length > MAX_REDIRECT_URIS) throw new MetadataProblem('redirect_uris', `At most ${MAX_REDIRECT_URIS} redirect_uris.`);
  return [...new Set(value.map(checkRedirectUri))];
}

function checkRedirectUri(raw: unknown): string {
  const bad = (why: string) => new MetadataProblem('redirect_uris', `Each redirect URI ${why}.`);
  if (typeof raw !== 'string') throw bad('must be a string');
  if (raw.length > MAX_REDIRECT_URI_LENGTH) throw bad(`must be at most ${MAX_REDIRECT_URI_LENGTH} characters`);
  if (!/^[\x21-\x7E]+$/.test(raw)) throw bad('must contain only visible ASCII characters (percent-encode the rest)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad('must be an absolute URL');
  }
  if (url.hash || raw.includes('#')) throw bad('must not contain a fragment');
  if (['javascript:', 'data:', 'file:', 'vbscript:', 'blob:'].includes(url.protocol)) throw bad('must not use a script, data or file scheme');
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !loopback) throw bad('must use https (http only for localhost)');
  return raw;
}

/** `client_name`: optional, plain text, shown on the consent page (escaped) as the client's claim. */
export function checkClientName(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isPlainText(value) || value.trim() === '') {
    throw new MetadataProblem('client_name', 'client_name must be plain text.');
  }
  if (value.length > MAX_CLIENT_NAME_LENGTH) throw new MetadataProblem('client_name', `client_name must be at most ${MAX_CLIENT_NAME_LENGTH} characters.`);
  return value.trim();
}

/** `client_uri`, `logo_uri`: optional https URLs. Kept out of pages: the host is shown instead. */
export function checkOptionalUrl(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_REDIRECT_URI_LENGTH) throw new MetadataProblem(field, `${field} must be a URL.`);
  try {
    if (new URL(value).protocol !== 'https:') throw new Error();
  } catch {
    throw new MetadataProblem(field, `${field} must be an https URL.`);
  }
  return value;
}

/** A list of strings from a fixed set (grant_types, response_types), or undefined when absent. */
export function checkChoices<T extends string>(value: unknown, field: string, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    throw new MetadataProblem(field, `${field} must be a non-empty array of strings.`);
  }
  const unknown = value.find((v) => !allowed.includes(v as T));
  if (unknown !== undefined) {
    throw new MetadataProblem(field, `${field} may only hold ${allowed.join(', ')}; "${String(unknown).slice(0, 80)}" is not supported.`);
  }
  return [...new Set(value as T[])];
}
