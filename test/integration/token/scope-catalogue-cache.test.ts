import { beforeAll, describe, expect, it } from 'vitest';
import { createScope } from '../../../functions/admin/scopes.js';
import { DynamoScopeRepository } from '../../../functions/store/scopes.js';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { aClient, aScope } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * The token endpoint serves the scope catalogue from a per-container copy (10 s), yet a scope
 * created elsewhere — by the CLI, or through another container — must be accepted at once:
 * a cached copy that lacks a name the request asks for is read again, in the same batch.
 */
describe('the scope catalogue cached per container', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let meter: DynamoMeter;

  beforeAll(async () => {
    server = await startTestServer();
    await aScope(server.deps, 'cached-read');
    client = await aClient(server.deps, { kind: 'client_credentials' });
    meter = new DynamoMeter().attach(server.deps.table.doc);
  });

  const token = (scope: string) =>
    postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope }, { authorization: basic(client.client_id, client.client_secret!) });

  /** Another container on the same table: its writes do not touch this server's cached copy. */
  const elsewhere = () => ({ ...server.deps, scopes: new DynamoScopeRepository(server.deps.table) });

  it('accepts a scope created through another container at once, without waiting for the copy to age', async () => {
    expect((await token('cached-read')).status).toBe(200); // the copy is now warm, without the new scope
    await createScope(elsewhere(), 'created-elsewhere', 'Made by the CLI');
    const res = await token('created-elsewhere');
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('created-elsewhere');
  });

  it('reads the catalogue (in the one batch) only when the request names a scope the copy lacks', async () => {
    expect((await token('cached-read')).status).toBe(200);
    meter.take();
    expect((await token('cached-read')).status).toBe(200);
    expect(operations(meter.take())).toEqual([]); // warm: client and catalogue both served from memory
    const unknown = await token('no-such-scope');
    expect(unknown.body.error).toBe('invalid_scope');
    expect(operations(meter.take())).toEqual(['BatchGetItem']);
  });
});
