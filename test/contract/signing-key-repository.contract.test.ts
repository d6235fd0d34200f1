import { beforeEach, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../functions/clock.js';
import { ADAPTERS, type AdminPorts } from '../support/memory-admin.js';
import { aSigningKeyRecord } from '../support/records.js';

/** The SigningKeyRepository port's contract (SPEC §6 key rotation), held by the DynamoDB adapter and the in-memory one alike. */
describe.each(ADAPTERS)('the signing key repository (%s)', (_name, make) => {
  let ports: AdminPorts;

  beforeEach(async () => {
    ports = await make();
  });

  it('stores the very first key once: of two cold starts, the second is told one exists', async () => {
    const first = aSigningKeyRecord();
    expect(await ports.signingKeys.list()).toEqual([]);
    expect(await ports.signingKeys.addFirst(first)).toBe(true);
    expect(await ports.signingKeys.addFirst(aSigningKeyRecord())).toBe(false);
    expect(await ports.signingKeys.list()).toEqual([first]);
  });

  it('adds a newer key, retiring the previous one at the time given; a key past its retirement leaves the list', async () => {
    const first = aSigningKeyRecord({ createdAt: nowSeconds() - 20 });
    await ports.signingKeys.addFirst(first);
    const second = aSigningKeyRecord({ createdAt: nowSeconds() - 10 });
    const retireAt = nowSeconds() + 600;
    await ports.signingKeys.add(second, [{ kid: first.kid, retireAt }]);
    expect(await ports.signingKeys.list()).toEqual([second, { ...first, retireAt }]);
    const third = aSigningKeyRecord();
    await ports.signingKeys.add(third, [{ kid: first.kid, retireAt: nowSeconds() - 1 }]);
    expect((await ports.signingKeys.list()).map((key) => key.kid)).toEqual([third.kid, second.kid]);
    await expect(ports.signingKeys.add(third, [])).rejects.toThrow();
  });
});
