/**
 * The one clock for stored and signed times: whole epoch seconds, the unit of JWT `iat`/`exp`
 * (RFC 7519 §2 NumericDate), DynamoDB TTL attributes and every `createdAt`/`expiresAt` in the
 * table. In-memory caches measure their lifetimes in milliseconds with their own injectable
 * clocks; nothing stored or signed does.
 */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function isoFromSeconds(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString();
}

/**
 * The one time that is not whole: a creation stamp that orders records made within the same
 * second ("the newest personal access client", SPEC §6; two key rotations in one second). It
 * sorts; it is never compared with an expiry.
 */
export function creationStamp(): number {
  return Date.now() / 1000;
}
