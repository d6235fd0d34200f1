import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { invalidRequest } from '../oauth/errors.js';
import { isWellFormedText } from '../oauth/identifiers.js';
import { parseStrictJson, StrictJsonError } from './json.js';
import type { HttpResponse } from './responses.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text in, or nothing (SPEC §6): every query parameter, form field, JSON string, header,
 * cookie and path id must be well-formed UTF-8 — no invalid byte sequence (`%FF`), no lone
 * surrogate (`"\ud800"` in JSON). Decoders would otherwise turn them into replacement
 * characters or pass them on, and DynamoDB refuses a lone surrogate (DynamoDB Local does not),
 * so a deployed function would fail where the tests pass. With `json`, a JSON body is also
 * checked for repeated keys (http/json.ts), as a repeated form parameter is refused.
 * Runs before the body parsers; anything refused is `invalid_request`.
 */
export function wellFormedInput(options: { readonly json: boolean }): MiddlewareObj<APIGatewayProxyEventV2, HttpResponse> {
  return {
    before: async ({ event }) => {
      for (const value of Object.values(event.headers ?? {})) if (value !== undefined) text(value, 'A header');
      for (const cookie of event.cookies ?? []) text(cookie, 'A cookie');
      for (const value of Object.values(event.pathParameters ?? {})) if (value !== undefined) text(value, 'The path');
      if (event.rawQueryString) urlEncoded(event.rawQueryString, 'The query string');
      const body = event.body as unknown;
      if (typeof body !== 'string' || body === '') return;
      const raw = event.isBase64Encoded ? decodeUtf8(Buffer.from(body, 'base64')) : text(body, 'The request body');
      const type = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'application/x-www-form-urlencoded') urlEncoded(raw, 'The form');
      else if (options.json && isJson(type)) strictJson(raw);
    },
  };
}

export function isJson(type: string): boolean {
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

function text(value: string, what: string): string {
  if (!isWellFormedText(value)) throw invalidRequest(`${what} is not valid UTF-8 text.`);
  return value;
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw invalidRequest('The request body is not valid UTF-8 text.');
  }
}

/**
 * application/x-www-form-urlencoded (and a query string): each percent-encoded sequence must
 * decode to UTF-8. A `%` not followed by two hex digits stays a literal `%`, as the parsers
 * read it.
 */
function urlEncoded(raw: string, what: string): void {
  text(raw, what);
  if (!raw.includes('%')) return;
  try {
    decodeURIComponent(raw.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  } catch {
    throw invalidRequest(`${what} is not valid UTF-8 once percent-decoded.`);
  }
}

function strictJson(raw: string): void {
  try {
    parseStrictJson(raw);
  } catch (error) {
    if (error instanceof StrictJsonError) throw invalidRequest(error.message);
    // Not JSON at all: the body parser answers that, in its endpoint's words.
  }
}
