import { nowSeconds } from '../../clock.js';
import { audit } from '../../log.js';
import { sha256 } from '../crypto.js';
import { invalidGrant, invalidRequest, OAuthError } from '../errors.js';
import { DEVICE_CODE_GRANT, type DeviceAuthorization, type Read } from '../ports.js';
import { accessTokenResponse, newRefreshFamily } from '../tokens/issue.js';
import { keptResource } from '../resources/resource-parameter.js';
import type { GrantHandler } from './grant.js';

interface Input {
  /** SHA-256 of the device code; undefined for a value no device code could be (never looked up). */
  readonly digest: string | undefined;
}

/** Nothing but the client when the code is not even shaped like one of ours. */
type Found = { readonly device?: Read<DeviceAuthorization | undefined> };

/** Ours are 256 random bits, base64url (functions/oauth/device/authorization.ts). */
const DEVICE_CODE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
export const SLOW_DOWN_SECONDS = 5;

const INVALID = 'The device code is invalid, already used or was issued to another client.';

/**
 * RFC 8628 §3.4, §3.5: the device polls with its device code. A pending poll costs the read of
 * the code (in the token endpoint's one batch, with the client) and one conditional write (the
 * time of this poll, and the interval when it came too soon), so the server both remembers a
 * slow_down and notices parallel polls: of two polls that read the same last poll, only one
 * can record itself; the other is told to slow down. An approval is redeemed once, in one
 * transaction with the grant and its refresh token; every later poll, and the loser of a
 * race, gets invalid_grant.
 */
export const deviceCodeGrant: GrantHandler<Input, typeof DEVICE_CODE_GRANT, Found> = {
  grantType: DEVICE_CODE_GRANT,
  parameters: ['device_code'],
  parse(params) {
    const code = params.device_code;
    if (code === undefined) throw invalidRequest('Missing device_code.');
    return { digest: DEVICE_CODE.test(code) ? sha256(code) : undefined };
  },
  // The device code in the token endpoint's one batch, beside the client.
  reads: (input, _ip, reads): Found => (input.digest ? { device: reads.deviceCode(input.digest) } : {}),
  async handle(context, client, { device }) {
    if (!device || device.clientId !== client.id || device.consumedAt !== undefined) throw invalidGrant(INVALID);
    const resource = keptResource(context.resource, device.resource, 'device code');
    const now = nowSeconds();
    // Expiry is checked on every read: TTL deletes late, if at all (SPEC §7).
    if (device.expiresAt <= now) throw new OAuthError('expired_token', 'The device code has expired: start a new device authorization.');
    if (device.status === 'denied') throw new OAuthError('access_denied', 'The user denied the authorization request.', { status: 400 });

    if (device.status === 'approved') {
      const userId = device.userId!;
      const { authorization, refresh } = newRefreshFamily(client.id, userId, device.scopes, context.config.refreshTokenTtl, resource);
      if (!(await context.devices.redeem(device, authorization, refresh.record, now))) {
        // Another poll redeemed it first: one token response per approval.
        audit('device.code_reused', { client_id: client.id, user_id: userId, ip: context.ip });
        throw invalidGrant(INVALID);
      }
      return accessTokenResponse(context, client, userId, device.scopes, authorization.id, refresh.token, resource);
    }

    // Still pending. Whole seconds on both sides: a device that waited its interval is never told off.
    if (device.lastPolledAt !== undefined && now - device.lastPolledAt < device.interval) {
      await context.devices.polled(device, now, device.interval + SLOW_DOWN_SECONDS);
      throw slowDown(device.interval + SLOW_DOWN_SECONDS);
    }
    if (!(await context.devices.polled(device, now))) throw slowDown(device.interval);
    throw new OAuthError('authorization_pending', 'The user has not yet approved or denied the request.');
  },
};

function slowDown(interval: number): OAuthError {
  return new OAuthError('slow_down', `Polling too often: wait at least ${interval} seconds between requests.`);
}
