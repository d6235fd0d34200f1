import type { Authorization, DeviceAuthorization, DeviceStore, RefreshToken, UserCodeRecord } from '../../functions/oauth/ports.js';
import { deviceToItem, itemToUserCode, userCodeOf, userCodeToItem } from '../../functions/store/device-codes.js';
import { grantToItem, refreshToItem } from '../../functions/store/items.js';
import { keys, type Key } from '../../functions/store/keys.js';
import type { MemoryBatchReader } from './memory-store.js';

const at = (key: Key) => `${key.pk}|${key.sk}`;

/**
 * An in-memory adapter of the DeviceStore port (RFC 8628) on the items of a MemoryBatchReader:
 * each write with the condition the DynamoDB one sends, all or nothing. Held to
 * DynamoDeviceStore by test/contract/device-store.contract.test.ts.
 */
export class MemoryDeviceStore implements DeviceStore {
  constructor(private readonly batch: MemoryBatchReader) {}

  private get items() {
    return this.batch.items;
  }

  async start(device: DeviceAuthorization): Promise<boolean> {
    const taken = this.items.get(at(keys.userCode(device.userCodeDigest)));
    if (this.items.has(at(keys.deviceCode(device.digest))) || (taken && itemToUserCode(taken, device.createdAt))) return false;
    this.batch.put(deviceToItem(device));
    this.batch.put(userCodeToItem(userCodeOf(device)));
    return true;
  }

  async polled(device: DeviceAuthorization, at_: number, interval?: number): Promise<boolean> {
    const item = this.items.get(at(keys.deviceCode(device.digest)));
    if (!item || item.status !== 'pending' || item.lastPolledAt !== device.lastPolledAt) return false;
    item.lastPolledAt = at_;
    if (interval !== undefined) item.interval = interval;
    return true;
  }

  async decide(code: UserCodeRecord, userId: string, approved: boolean, at_: number): Promise<boolean> {
    const device = this.items.get(at(keys.deviceCode(code.deviceDigest)));
    const userCode = this.items.get(at(keys.userCode(code.digest)));
    if (!device || device.status !== 'pending' || (device.expiresAt as number) <= at_) return false;
    if (!userCode || userCode.deviceDigest !== code.deviceDigest) return false;
    Object.assign(device, { status: approved ? 'approved' : 'denied', userId, decidedAt: at_ });
    this.items.delete(at(keys.userCode(code.digest)));
    return true;
  }

  async redeem(device: DeviceAuthorization, grant: Authorization, refresh: RefreshToken, at_: number): Promise<boolean> {
    const item = this.items.get(at(keys.deviceCode(device.digest)));
    if (!item || item.status !== 'approved' || item.consumedAt !== undefined || (item.expiresAt as number) <= at_) return false;
    if (this.items.has(at(keys.grant(grant.id))) || this.items.has(at(keys.refreshToken(refresh.digest)))) return false;
    Object.assign(item, { consumedAt: at_, grantId: grant.id });
    this.batch.put(grantToItem(grant));
    this.batch.put(refreshToItem(refresh));
    return true;
  }
}
