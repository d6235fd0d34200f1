import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { clientReads, ReadRecorder } from '../../support/reads.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** SPEC §6: `CLIENT_CACHE_SECONDS=0` turns the token endpoint's client cache off. */
describe('CLIENT_CACHE_SECONDS=0', () => {
  let server: TestServer;
  let reads: ReadRecorder;
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '0' });
    scope = (await aScope(server.deps)).name;
    reads = new ReadRecorder().attach(server.deps.table.doc);
  });

  it('reads the client on every token request', async () => {
    const service = await aClient(server.deps, { kind: 'client_credentials' });
    const request = () =>
      postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope }, { authorization: basic(service.client_id, service.client_secret!) });
    reads.take();
    for (let i = 0; i < 4; i++) expect((await request()).status).toBe(200);
    const taken = reads.take();
    expect(clientReads(taken, service.client_id)).toBe(4);
    expect(taken.map((r) => r.operation)).toEqual(['BatchGetItem', 'BatchGetItem', 'BatchGetItem', 'BatchGetItem']);
  });
});
