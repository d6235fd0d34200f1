/**
 * The device authorization grant's items (RFC 8628): one per device code, keyed by its SHA-256
 * digest, and one per user code, keyed by the digest of the normalized code, naming the first.
 * Neither code is stored. Both carry the TTL attribute; reads check expiry themselves (SPEC §7).
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { Authorization, DeviceAuthorization, DeviceStore, Read, RefreshToken, UserCodeRecord } from '../oauth/ports.js';
import type { TableRef } from './dynamo.js';
import { conditionalWrite } from './errors.js';
import { isLive } from './expiry.js';
import { ItemType, keys } from './keys.js';
import { redeemInto } from './redemption.js';

type Item = Record<string, unknown>;

export function deviceToItem(device: DeviceAuthorization): Item {
  return { ...keys.deviceCode(device.digest), type: ItemType.deviceCode, ...device, ttl: device.expiresAt };
}

/** Expired authorizations read back too (with their expiry): the token endpoint answers expired_token. */
export function itemToDevice(item: Item | undefined): DeviceAuthorization | undefined {
  if (!item || item.type !== ItemType.deviceCode) return undefined;
  return {
    digest: item.digest as string,
    userCodeDigest: item.userCodeDigest as string,
    clientId: item.clientId as string,
    scopes: (item.scopes as string[]) ?? [],
    ...(item.resource !== undefined ? { resource: item.resource as string } : {}),
    createdAt: item.createdAt as number,
    expiresAt: item.expiresAt as number,
    interval: item.interval as number,
    ...(item.lastPolledAt !== undefined ? { lastPolledAt: item.lastPolledAt as number } : {}),
    status: item.status as DeviceAuthorization['status'],
    ...(item.userId !== undefined ? { userId: item.userId as string } : {}),
    ...(item.consumedAt !== undefined ? { consumedAt: item.consumedAt as number } : {}),
  };
}

/** The user code item a device authorization starts with: what the verification page shows. */
export function userCodeOf(device: DeviceAuthorization): UserCodeRecord {
  return {
    digest: device.userCodeDigest,
    deviceDigest: device.digest,
    clientId: device.clientId,
    scopes: device.scopes,
    ...(device.resource !== undefined ? { resource: device.resource } : {}),
    expiresAt: device.expiresAt,
  };
}

export function userCodeToItem(code: UserCodeRecord): Item {
  return { ...keys.userCode(code.digest), type: ItemType.userCode, ...code, ttl: code.expiresAt };
}

export function itemToUserCode(item: Item | undefined, now = nowSeconds()): UserCodeRecord | undefined {
  if (!isLive(item, ItemType.userCode, now)) return undefined;
  return {
    digest: item.digest as string,
    deviceDigest: item.deviceDigest as string,
    clientId: item.clientId as string,
    scopes: (item.scopes as string[]) ?? [],
    ...(item.resource !== undefined ? { resource: item.resource as string } : {}),
    expiresAt: item.expiresAt as number,
  };
}

/** The batch's read descriptor of a device authorization, by the SHA-256 of its device code. */
export const deviceCodeRead = (digest: string): Read<DeviceAuthorization | undefined> => ({ key: keys.deviceCode(digest), fromItem: itemToDevice });

/** The batch's read descriptor of a live user code, by the SHA-256 of the normalized code. */
export const userCodeRead = (digest: string): Read<UserCodeRecord | undefined> => ({ key: keys.userCode(digest), fromItem: (item) => itemToUserCode(item) });

export class DynamoDeviceStore implements DeviceStore {
  constructor(private readonly table: TableRef) {}

  async start(device: DeviceAuthorization): Promise<boolean> {
    const T = this.table.tableName;
    return conditionalWrite(
      this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: T, Item: deviceToItem(device), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              // A user code may be reused once the one before it has expired (TTL deletes late).
              Put: {
                TableName: T,
                Item: userCodeToItem(userCodeOf(device)),
                ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': device.createdAt },
              },
            },
          ],
        }),
      ),
    );
  }

  async polled(device: DeviceAuthorization, at: number, interval?: number): Promise<boolean> {
    return conditionalWrite(
      this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.deviceCode(device.digest),
          UpdateExpression: interval === undefined ? 'SET lastPolledAt = :at' : 'SET lastPolledAt = :at, #interval = :interval',
          ConditionExpression:
            device.lastPolledAt === undefined
              ? '#status = :pending AND attribute_not_exists(lastPolledAt)'
              : '#status = :pending AND lastPolledAt = :seen',
          ExpressionAttributeNames: { '#status': 'status', ...(interval === undefined ? {} : { '#interval': 'interval' }) },
          ExpressionAttributeValues: {
            ':at': at,
            ':pending': 'pending',
            ...(device.lastPolledAt === undefined ? {} : { ':seen': device.lastPolledAt }),
            ...(interval === undefined ? {} : { ':interval': interval }),
          },
        }),
      ),
    );
  }

  async decide(code: UserCodeRecord, userId: string, approved: boolean, at: number): Promise<boolean> {
    const T = this.table.tableName;
    return conditionalWrite(
      this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T,
                Key: keys.deviceCode(code.deviceDigest),
                UpdateExpression: 'SET #status = :status, userId = :user, decidedAt = :at',
                ConditionExpression: '#status = :pending AND expiresAt > :at',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': approved ? 'approved' : 'denied', ':user': userId, ':at': at, ':pending': 'pending' },
              },
            },
            // The user code is spent with the decision: it names nothing afterwards.
            {
              Delete: {
                TableName: T,
                Key: keys.userCode(code.digest),
                ConditionExpression: 'deviceDigest = :device',
                ExpressionAttributeValues: { ':device': code.deviceDigest },
              },
            },
          ],
        }),
      ),
    );
  }

  redeem(device: DeviceAuthorization, grant: Authorization, refresh: RefreshToken, at: number): Promise<boolean> {
    const spend = {
      Key: keys.deviceCode(device.digest),
      ConditionExpression: '#status = :approved AND attribute_not_exists(consumedAt) AND expiresAt > :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':approved': 'approved' },
    };
    return redeemInto(this.table, spend, grant, refresh, at);
  }
}
