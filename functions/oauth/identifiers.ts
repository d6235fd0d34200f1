/**
 * The shape and size of every identifier a request names, checked before it is looked up
 * (SPEC §6). A value that no record could have is answered like an unknown one — by the
 * caller, in its endpoint's words — and never reaches the table, whose keys have byte limits
 * (DynamoDB: partition key 2,048 bytes, sort key 1,024) that a 500 would otherwise report.
 */

/** RFC 6749 Appendix A.1: client-id = *VSCHAR. Ours are UUIDs; the bound leaves room for URL ids. */
const CLIENT_ID = /^[\x20-\x7E]{1,255}$/;

/** What `user:create` accepts (admin/validation.ts), bounded by RFC 5321's 320 characters. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MAX_EMAIL_LENGTH = 320;

/** Ids of clients are UUIDs, ids of grants 32 hex digits: anything else names nothing. */
export const ID_FORMAT = {
  client: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  grant: /^[0-9a-f]{32}$/,
} as const;

/** A lone UTF-16 surrogate: not text, and refused by DynamoDB in any string attribute. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that can be encoded as UTF-8 as it is: no lone surrogates. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** Printable, no control characters (C0, DEL, C1) and well-formed: what a name a user typed may hold. */
export function isPlainText(value: string): boolean {
  return isWellFormedText(value) && !/[\u0000-\u001F\u007F-\u009F]/.test(value);
}

export function isClientId(value: string | undefined): value is string {
  return value !== undefined && CLIENT_ID.test(value);
}

/** A user's sign-in name: an e-mail address of at most 320 characters, plain text. */
export function isUserEmail(value: string | undefined): value is string {
  if (value === undefined) return false;
  const email = value.trim();
  return email.length <= MAX_EMAIL_LENGTH && EMAIL.test(email) && isPlainText(email);
}

export function isGrantId(value: string | undefined): value is string {
  return value !== undefined && ID_FORMAT.grant.test(value);
}
