/** Login sessions as items: keyed by the SHA-256 of the cookie value, expiry checked on read. */
import { nowSeconds } from '../clock.js';
import type { Session } from '../oauth/ports.js';
import type { Read } from '../oauth/ports.js';
import { isLive } from './expiry.js';
import { ItemType, keys } from './keys.js';

type Item = Record<string, unknown>;

export function sessionToItem(session: Session): Item {
  return { ...keys.session(session.digest), type: ItemType.session, ...session, ttl: session.expiresAt };
}

export function itemToSession(item: Item | undefined, now = nowSeconds()): Session | undefined {
  if (!isLive(item, ItemType.session, now)) return undefined;
  return {
    digest: item.digest as string,
    userId: item.userId as string,
    email: item.email as string,
    createdAt: item.createdAt as number,
    expiresAt: item.expiresAt as number,
    ...(item.sid !== undefined ? { sid: item.sid as string } : {}),
  };
}

/** The batch's read descriptor of a login session, by the SHA-256 of its cookie value. */
export const sessionRead = (digest: string): Read<Session | undefined> => ({ key: keys.session(digest), fromItem: (item) => itemToSession(item) });
