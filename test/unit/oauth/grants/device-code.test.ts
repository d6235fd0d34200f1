import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { nowSeconds } from '../../../../functions/clock.js';
import { randomToken, sha256 } from '../../../../functions/oauth/crypto.js';
import { deviceCodeGrant } from '../../../../functions/oauth/grants/device-code.js';
import type { TokenResponse } from '../../../../functions/oauth/grants/grant.js';
import { DEVICE_CODE_GRANT, type Client, type DeviceAuthorization } from '../../../../functions/oauth/ports.js';
import { MemoryDeviceStore } from '../../../support/memory-device-store.js';
import { MemoryTokenStore } from '../../../support/memory-store.js';
import { aClientRecord, aGrantContext, runGrant } from '../../../support/grant-kit.js';

const aDeviceClient = (overrides: Partial<Client> = {}): Client =>
  aClientRecord({ name: 'Living Room TV', kind: 'device', grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'], ...overrides });

/** The device_code grant on the in-memory adapters: no table, the same ports as on DynamoDB. */
function world() {
  const store = new MemoryTokenStore();
  const devices = new MemoryDeviceStore(store.batch);
  const context = aGrantContext(DEVICE_CODE_GRANT, { store, devices });
  /** A device authorization of `client`, as POST /oauth/device/code stores it, then as the person left it. */
  async function authorization(client: Client, state: Partial<DeviceAuthorization> = {}): Promise<string> {
    const code = randomToken();
    const now = nowSeconds();
    await devices.start({
      digest: sha256(code),
      userCodeDigest: sha256(randomToken()),
      clientId: client.id,
      scopes: ['tv:watch'],
      createdAt: now,
      expiresAt: now + 600,
      interval: 5,
      status: 'pending',
      ...state,
    });
    return code;
  }
  const poll = (client: Client, deviceCode: string | undefined): Promise<TokenResponse> =>
    runGrant(deviceCodeGrant, store, context, client, deviceCode === undefined ? {} : { device_code: deviceCode });
  return { store, authorization, poll };
}

const error = (code: string) => expect.objectContaining({ code });

describe('the device_code grant (RFC 8628 §3.4, §3.5)', () => {
  it('says authorization_pending, then slow_down to a poll within the interval, naming the interval 5 s longer', async () => {
    const { authorization, poll } = world();
    const client = aDeviceClient();
    const code = await authorization(client);
    await expect(poll(client, code)).rejects.toEqual(error('authorization_pending'));
    await expect(poll(client, code)).rejects.toThrow(/at least 10 seconds/);
    await expect(poll(client, code)).rejects.toThrow(/at least 15 seconds/);
  });

  it('answers an approval once, with a refresh token, for the person who approved', async () => {
    const { authorization, poll } = world();
    const client = aDeviceClient();
    const code = await authorization(client, { status: 'approved', userId: 'user-1' });
    const answer = await poll(client, code);
    expect(answer).toMatchObject({ token_type: 'Bearer', scope: 'tv:watch', refresh_token: expect.any(String) });
    expect(decodeJwt(answer.access_token)).toMatchObject({ sub: 'user-1', client_id: client.id, scope: 'tv:watch' });
    await expect(poll(client, code)).rejects.toEqual(error('invalid_grant'));
  });

  it('says access_denied after a denial, and expired_token once the code has expired', async () => {
    const { authorization, poll } = world();
    const client = aDeviceClient();
    await expect(poll(client, await authorization(client, { status: 'denied', userId: 'user-1' }))).rejects.toEqual(error('access_denied'));
    const old = await authorization(client, { createdAt: nowSeconds() - 700, expiresAt: nowSeconds() - 100, status: 'approved', userId: 'user-1' });
    await expect(poll(client, old)).rejects.toEqual(error('expired_token'));
  });

  it('says invalid_grant for another client’s code, an unknown one or one of the wrong shape, and invalid_request for none', async () => {
    const { authorization, poll } = world();
    const client = aDeviceClient();
    const theirs = await authorization(aDeviceClient(), { status: 'approved', userId: 'user-1' });
    for (const code of [theirs, randomToken(), 'short', 'x'.repeat(4096)]) await expect(poll(client, code)).rejects.toEqual(error('invalid_grant'));
    await expect(poll(client, undefined)).rejects.toEqual(error('invalid_request'));
  });
});
