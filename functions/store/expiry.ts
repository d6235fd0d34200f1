/**
 * Short-lived items read as absent once expired, whatever TTL has or has not deleted yet:
 * DynamoDB deletes expired items late (SPEC §7).
 */
import { nowSeconds } from '../clock.js';

type Item = Record<string, unknown>;

/** Whether the item is of this type and has not expired at `now`. */
export function isLive(item: Item | undefined, type: string, now = nowSeconds()): item is Item {
  return !!item && item.type === type && (item.expiresAt as number) > now;
}
