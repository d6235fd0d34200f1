import { invalidField, notFound } from './errors.js';

/**
 * The fields of a JSON body, checked the way Laravel validates a request: anything not
 * expected is a 422 naming the field. Passport's own Vue components send their form object
 * whole — with its `errors` list, and `id` on update — so those two are accepted and ignored.
 */
const FORM_FIELDS = ['errors', 'id'];

export function onlyFields(body: Readonly<Record<string, unknown>>, allowed: readonly string[]): void {
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field) && !FORM_FIELDS.includes(field)) throw invalidField(field, `Unknown field "${field}".`);
  }
}

/** A string field; `null` counts as absent. */
export function stringField(body: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidField(field, `The ${field} field must be a string.`);
  return value;
}

/** A boolean field, with the spellings Laravel's `boolean` rule accepts (true, false, 1, 0, "1", "0"). */
export function booleanField(body: Readonly<Record<string, unknown>>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  throw invalidField(field, `The ${field} field must be true or false.`);
}

/** A list: a JSON array of strings, or one string split by `separator` (Passport's comma-separated `redirect`). */
export function listField(body: Readonly<Record<string, unknown>>, field: string, separator: RegExp): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.split(separator).map((part) => part.trim()).filter(Boolean);
  if (Array.isArray(value) && value.length <= 100 && value.every((item) => typeof item === 'string')) {
    return (value as string[]).map((item) => item.trim()).filter(Boolean);
  }
  throw invalidField(field, `The ${field} field must be a list of strings.`);
}

/** Ids of clients are UUIDs, ids of grants 32 hex digits (oauth/identifiers.ts): anything else names nothing. */
export { ID_FORMAT } from '../../oauth/identifiers.js';

/** The path's id if it is well-formed, else undefined: the route answers 404 once the caller is known. */
export function wellFormedId(id: string | undefined, format: RegExp): string | undefined {
  return id !== undefined && format.test(id) ? id : undefined;
}

export function requireId(id: string | undefined, what: string): string {
  if (id === undefined) throw notFound(what);
  return id;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** `?limit=` (1–100, default 50) and `?cursor=` (opaque, from the previous page's `Link`). */
export function pageQuery(query: Readonly<Record<string, string>>): { limit: number; cursor?: string } {
  const raw = query.limit;
  let limit = DEFAULT_PAGE_SIZE;
  if (raw !== undefined) {
    if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE_SIZE) {
      throw invalidField('limit', `The limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
    }
    limit = Number(raw);
  }
  return { limit, ...(query.cursor !== undefined ? { cursor: query.cursor } : {}) };
}

/** RFC 8288: the next page's address. The body stays a bare array, as Passport's front ends expect. */
export function nextLink(issuer: string, path: string, limit: number, next: string | undefined): Record<string, string> {
  if (!next) return {};
  const query = new URLSearchParams({ cursor: next, ...(limit !== DEFAULT_PAGE_SIZE ? { limit: String(limit) } : {}) });
  return { Link: `<${issuer}${path}?${query}>; rel="next"` };
}
