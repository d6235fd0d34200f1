import type { Client } from '../ports.js';
import { checkChoices, checkClientName, checkOptionalUrl, checkRedirectUris, MetadataProblem } from './client-metadata.js';

/**
 * Client ID metadata documents (SPEC §9; draft-ietf-oauth-client-id-metadata-document): a
 * client_id that is an https URL with a path names the client described by the JSON there.
 */

/** SPEC §9's bounds: how long a document may be cached, whatever its HTTP caching says. */
export const CACHE_BOUNDS = { min: 5 * 60, max: 24 * 3600 } as const;
/** SPEC §9: at most 5 KB is read. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;

/** Whether a client_id is meant as a metadata document URL (then it is resolved, never looked up as an id). */
export function isDocumentClientId(id: string): boolean {
  return /^https?:\/\//i.test(id);
}

/** A document URL that cannot be used: the reason is shown on the error page. */
export class UnusableDocument extends Error {}

/**
 * The URL rules (the draft's §3): https with a path, no fragment, no credentials, written in
 * its canonical form (so no dot segments and one spelling per document). `http` only for the
 * local-development exception: loopback hosts while the issuer is itself http://localhost.
 */
export function documentUrl(id: string, options: { readonly localIssuer: boolean; readonly allowedHosts: readonly string[] }): URL {
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    throw new UnusableDocument('the client_id is not a valid URL');
  }
  const loopbackHost = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !(options.localIssuer && loopbackHost)) throw new UnusableDocument('a client_id URL must use https');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UnusableDocument('a client_id URL must use https');
  if (url.username || url.password) throw new UnusableDocument('a client_id URL must not contain a user name or password');
  if (url.hash || id.includes('#')) throw new UnusableDocument('a client_id URL must not contain a fragment');
  if (url.pathname === '/' || url.pathname === '') throw new UnusableDocument('a client_id URL must have a path');
  if (url.href !== id) throw new UnusableDocument('a client_id URL must be written in its canonical form (no dot segments, lower-case scheme and host)');
  if (!hostAllowed(url.hostname, options.allowedHosts)) throw new UnusableDocument(`the host "${url.hostname}" is not allowed for client ID metadata documents here`);
  return url;
}

/** CIMD_ALLOWED_HOSTS: `example.com` is that host; `*.example.com` any host below it. Empty = any. */
export function hostAllowed(hostname: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  const host = hostname.toLowerCase();
  return patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));
}

/**
 * The document as a client (the draft's §4): `client_id` must equal the URL it came from;
 * `redirect_uris` required; only `token_endpoint_auth_method: "none"` (no secret can be
 * shared with a document); the client is public and third-party. Unknown fields are ignored.
 */
export function clientFromDocument(id: string, body: string, now: number): Client {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new UnusableDocument('the document is not valid JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UnusableDocument('the document is not a JSON object');
  const fields = doc as Record<string, unknown>;
  if (fields.client_id !== id) throw new UnusableDocument('the client_id in the document is not the URL it was fetched from');
  try {
    const method = fields.token_endpoint_auth_method;
    if (method !== undefined && method !== 'none') throw new MetadataProblem('token_endpoint_auth_method', 'token_endpoint_auth_method must be "none"');
    if (fields.client_secret !== undefined) throw new MetadataProblem('client_secret', 'a metadata document must not contain a client_secret');
    const grantTypes = checkChoices(fields.grant_types, 'grant_types', ['authorization_code', 'refresh_token'] as const) ?? ['authorization_code', 'refresh_token'];
    if (!grantTypes.includes('authorization_code')) throw new MetadataProblem('grant_types', 'grant_types must include authorization_code');
    checkChoices(fields.response_types, 'response_types', ['code'] as const);
    const redirectUris = checkRedirectUris(fields.redirect_uris);
    const name = checkClientName(fields.client_name);
    checkOptionalUrl(fields.client_uri, 'client_uri');
    checkOptionalUrl(fields.logo_uri, 'logo_uri');
    return {
      id,
      // What the document claims; the consent page shows the URL's host beside it, which is what is proven.
      name: name ?? new URL(id).hostname,
      kind: 'public',
      secrets: [],
      redirectUris,
      grantTypes: grantTypes.includes('refresh_token') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
      scopes: null,
      firstParty: false,
      introspect: false,
      revoked: false,
      createdAt: now,
      registeredBy: 'metadata_document',
    };
  } catch (error) {
    if (error instanceof MetadataProblem) throw new UnusableDocument(`the document is not acceptable: ${error.message}`);
    throw error;
  }
}

/**
 * How long a fetched document may be used (SPEC §9): its HTTP freshness (RFC 9111 §4.2.1:
 * `max-age` less `Age`, else `Expires` − `Date`; `no-store`/`no-cache` or none = the minimum),
 * clamped to [5 min, 24 h].
 */
export function cacheSeconds(headers: Readonly<Record<string, string | undefined>>, now: number): number {
  const clamp = (s: number) => Math.min(CACHE_BOUNDS.max, Math.max(CACHE_BOUNDS.min, Math.floor(s)));
  const control = (headers['cache-control'] ?? '').toLowerCase();
  if (/(^|,)\s*(no-store|no-cache)\b/.test(control)) return CACHE_BOUNDS.min;
  const maxAge = /(^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(control);
  if (maxAge) return clamp(Number(maxAge[2]) - (Number(headers.age) || 0));
  if (headers.expires) {
    const expires = Date.parse(headers.expires);
    const date = headers.date ? Date.parse(headers.date) : now * 1000;
    if (!Number.isNaN(expires)) return clamp((expires - (Number.isNaN(date) ? now * 1000 : date)) / 1000);
  }
  return CACHE_BOUNDS.min;
}
