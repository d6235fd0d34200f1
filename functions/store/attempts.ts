import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowSeconds } from '../clock.js';
import type { AttemptCounter, AttemptStore } from '../oauth/ports.js';
import type { Read } from '../oauth/ports.js';
import { itemOfConditionFailure, type TableRef } from './dynamo.js';
import { isConditionFailure } from './errors.js';
import { isLive } from './expiry.js';
import { ItemType, keys } from './keys.js';

/**
 * How long a counted attempt holds the lock while its password is being checked: longer than
 * any check can take (the Lambda timeout is 10 s). Its outcome then sets the real lock or
 * clears the counter; if the function dies in between, the account waits this long.
 */
export const PENDING_SECONDS = 30;

export function itemToAttempts(item: Record<string, unknown> | undefined): AttemptCounter | undefined {
  if (!isLive(item, ItemType.attempts)) return undefined;
  return {
    id: item.id as string,
    failures: (item.failures as number) ?? 0,
    lockedUntil: (item.lockedUntil as number) ?? 0,
    expiresAt: item.expiresAt as number,
  };
}

/** Sign-in attempt counters: TTL items, counted with conditional writes so parallel guesses all count. */
export class DynamoAttemptStore implements AttemptStore {
  constructor(private readonly table: TableRef) {}

  async claim(
    id: string,
    limits: { readonly threshold: number; readonly windowSeconds: number; readonly fresh: boolean },
  ): Promise<{ attempt: number } | { lockedUntil: number }> {
    let fresh = limits.fresh;
    // At most three turns: a window that lapses between the steps sends us back to a fresh count.
    for (let turn = 0; turn < 3; turn++) {
      const at = nowSeconds();
      const expiresAt = at + limits.windowSeconds;
      const pending = at + PENDING_SECONDS;
      if (fresh) {
        try {
          await this.table.doc.send(
            new PutCommand({
              TableName: this.table.tableName,
              Item: { ...keys.attempts(id), type: ItemType.attempts, id, failures: 1, lockedUntil: pending, expiresAt, ttl: expiresAt },
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
              ExpressionAttributeValues: { ':now': at },
            }),
          );
          return { attempt: 1 };
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      try {
        // The lock applies once `failures` reached the threshold and `lockedUntil` lies ahead;
        // every counted attempt moves `lockedUntil` ahead (pending), so when a lock passes, the
        // first attempt to be counted closes it again for all the others.
        const out = await this.table.doc.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.attempts(id),
            UpdateExpression: 'ADD failures :one SET lockedUntil = :pending, expiresAt = :exp, #ttl = :exp',
            ConditionExpression: 'expiresAt > :now AND (failures < :threshold OR lockedUntil <= :now)',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':one': 1, ':pending': pending, ':exp': expiresAt, ':now': at, ':threshold': limits.threshold },
            ReturnValues: 'UPDATED_NEW',
            // Refused, the update hands back the item as it was: whether the lock applies, and
            // until when, is known without a second request (and without GetItem in the policy).
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { attempt: (out.Attributes?.failures as number) ?? 1 };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Refused: either the lock applies (the usual case under attack), or there was no live
        // counter to add to.
        const counter = itemToAttempts(itemOfConditionFailure(error));
        if (counter && counter.failures >= limits.threshold && counter.lockedUntil > nowSeconds()) return { lockedUntil: counter.lockedUntil };
      }
      fresh = true;
    }
    return { lockedUntil: nowSeconds() + PENDING_SECONDS };
  }

  async recordFailure(id: string, windowSeconds: number): Promise<number> {
    const at = nowSeconds();
    const expiresAt = at + windowSeconds;
    try {
      // A first failure, or one after the window lapsed (TTL deletes late): a fresh count.
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.attempts(id), type: ItemType.attempts, id, failures: 1, lockedUntil: 0, expiresAt, ttl: expiresAt },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': at },
        }),
      );
      return 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const out = await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.attempts(id),
        UpdateExpression: 'ADD failures :one SET expiresAt = :exp, #ttl = :exp',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':exp': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes?.failures as number) ?? 1;
  }

  async lock(id: string, until: number): Promise<void> {
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.attempts(id),
          // The lock never outlasts the window (both at most 15 min), which the attempt just renewed.
          UpdateExpression: 'SET lockedUntil = :until',
          // A counter a parallel success just cleared stays cleared (no half-written item).
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':until': until },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async reset(id: string, attempt: number): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: keys.attempts(id),
          // The usual case: no attempt was counted after this one, so the slate is clean.
          ConditionExpression: 'failures = :attempt',
          ExpressionAttributeValues: { ':attempt': attempt },
        }),
      );
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    // Others were counted since (parallel sign-ins, or guesses): they keep the counter, and
    // only this attempt, which turned out right, stops counting against the account.
    try {
      await this.table.doc.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.attempts(id),
          UpdateExpression: 'ADD failures :minusOne',
          ConditionExpression: 'failures > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/** The batch's read descriptor of an attempt counter, by identifier. */
export const attemptsRead = (id: string): Read<AttemptCounter | undefined> => ({ key: keys.attempts(id), fromItem: itemToAttempts });
