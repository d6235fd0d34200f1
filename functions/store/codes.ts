/**
 * Authorization codes as items (RFC 6749 §4.1.2). Keyed by the code's SHA-256 digest; an
 * expired code reads as absent whatever TTL has deleted (SPEC §7).
 */
import { nowSeconds } from '../clock.js';
import type { AuthorizationCode } from '../oauth/ports.js';
import type { Read } from '../oauth/ports.js';
import { isLive } from './expiry.js';
import { ItemType, keys } from './keys.js';

type Item = Record<string, unknown>;

export function codeToItem(code: AuthorizationCode): Item {
  return { ...keys.authCode(code.digest), type: ItemType.authCode, ...code, ttl: code.expiresAt };
}

export function itemToCode(item: Item | undefined, now = nowSeconds()): AuthorizationCode | undefined {
  if (!isLive(item, ItemType.authCode, now)) return undefined;
  return {
    digest: item.digest as string,
    clientId: item.clientId as string,
    redirectUri: item.redirectUri as string,
    userId: item.userId as string,
    scopes: (item.scopes as string[]) ?? [],
    ...(item.codeChallenge !== undefined ? { codeChallenge: item.codeChallenge as string } : {}),
    ...(item.resource !== undefined ? { resource: item.resource as string } : {}),
    createdAt: item.createdAt as number,
    expiresAt: item.expiresAt as number,
    ...(item.consumedAt !== undefined ? { consumedAt: item.consumedAt as number } : {}),
    ...(item.grantId !== undefined ? { grantId: item.grantId as string } : {}),
    ...(item.nonce !== undefined ? { nonce: item.nonce as string } : {}),
    ...(item.authTime !== undefined ? { authTime: item.authTime as number } : {}),
    ...(item.sid !== undefined ? { sid: item.sid as string } : {}),
  };
}

/**
 * The condition that makes redemption single-use: the code exists, no redemption has won yet,
 * and no replay has been seen (a replay marks the code, so a redemption still in flight loses).
 */
export const UNCONSUMED = 'attribute_exists(pk) AND attribute_not_exists(consumedAt) AND attribute_not_exists(replayedAt)';

/** The batch's read descriptor of an authorization code, by the SHA-256 of the code. */
export const codeRead = (digest: string): Read<AuthorizationCode | undefined> => ({ key: keys.authCode(digest), fromItem: (item) => itemToCode(item) });
