import { invalidRequest } from '../oauth/errors.js';

/**
 * RFC 8707 §2 lets `resource` repeat; Connect issues a token for one resource, and says so
 * with `invalid_target` where the request is answered: repeats are passed on joined by a space
 * (which no URI contains) rather than refused here as `invalid_request`.
 */
const REPEATABLE = new Set(['resource']);

/**
 * The parsed body (form or JSON) as flat string parameters. RFC 6749 §3.2: a parameter may
 * appear at most once — middy's form parser turns a repeated one into an array, which is
 * refused here; §3.1: a parameter without a value counts as omitted.
 */
export function stringParams(body: unknown): Record<string, string> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('The request body must be a form or a JSON object of parameters.');
  }
  const params: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value) && REPEATABLE.has(name) && value.every((v) => typeof v === 'string')) {
      params[name] = value.join(' ');
      continue;
    }
    if (Array.isArray(value)) throw invalidRequest(`The parameter "${name}" must not be repeated (RFC 6749 §3.2).`);
    if (typeof value !== 'string') {
      if (typeof value === 'number' || typeof value === 'boolean') {
        params[name] = String(value);
        continue;
      }
      if (value === null) continue;
      throw invalidRequest(`The parameter "${name}" must be a string.`);
    }
    if (value.includes('\u0000')) throw invalidRequest(`The parameter "${name}" contains a NUL character.`);
    if (value !== '') params[name] = value;
  }
  return params;
}

/** Query string parameters, with the same rules (API Gateway joins repeats with commas, so the raw string is read). */
export function queryParams(rawQueryString: string | undefined): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(rawQueryString ?? '')) {
    if (seen.has(name) && REPEATABLE.has(name)) {
      params[name] = `${params[name] ?? ''} ${value}`;
      continue;
    }
    if (seen.has(name)) throw invalidRequest(`The parameter "${name}" must not be repeated (RFC 6749 §3.1).`);
    seen.add(name);
    if (value !== '') params[name] = value;
  }
  return params;
}
