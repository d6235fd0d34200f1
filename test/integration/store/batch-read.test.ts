import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import type { Container } from '../../../functions/container.js';
import { DynamoBatchReader } from '../../../functions/store/batch-read.js';
import { clientRead, revokedJtiRead, userRead } from '../../../functions/store/items.js';
import { catalogueRead } from '../../../functions/store/scopes.js';
import { sessionRead } from '../../../functions/store/sessions.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { testContainer } from '../../support/store.js';

/**
 * The batch read as its own port (DESIGN rule 11): a request names the read descriptors each
 * store module exports and gets their results back by those names, in one BatchGetItem.
 */
describe('the batch read port on DynamoDB', () => {
  let deps: Container;
  let reader: DynamoBatchReader;
  let meter: DynamoMeter;

  beforeAll(async () => {
    deps = await testContainer();
    reader = new DynamoBatchReader(deps.table);
    meter = new DynamoMeter().attach(deps.table.doc);
  });

  it('reads every descriptor in one BatchGetItem and answers each by its name', async () => {
    const scope = await aScope(deps);
    const user = await aUser(deps);
    const { client_id: id } = await aClient(deps, { kind: 'confidential' });
    meter.take();
    const found = await reader.load({
      app: clientRead(id),
      person: userRead(user.email),
      scopes: catalogueRead(),
      nobody: userRead('nobody@example.com'),
      session: sessionRead('0'.repeat(64)),
      revoked: revokedJtiRead(crypto.randomUUID()),
    });
    expect(operations(meter.take())).toEqual(['BatchGetItem']);
    expect(found.app?.id).toBe(id);
    expect(found.person?.email).toBe(user.email);
    expect(found.scopes.has(scope.name)).toBe(true);
    expect(found.nobody).toBeUndefined();
    expect(found.session).toBeUndefined();
    expect(found.revoked).toBe(false);
  });

  it('asks for the same item once when two names point at it, and makes no call for nothing', async () => {
    const { client_id: id } = await aClient(deps, { kind: 'confidential' });
    meter.take();
    const twice = await reader.load({ first: clientRead(id), again: clientRead(id) });
    expect(twice.first?.id).toBe(id);
    expect(twice.again?.id).toBe(id);
    expect(await reader.load({})).toEqual({});
    const reading = meter.take();
    expect(operations(reading)).toEqual(['BatchGetItem']);
  });
});
