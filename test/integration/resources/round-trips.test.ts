import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aResource, aScope } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { authorizeUrl, CALLBACK, get } from '../../support/oauth-flow.js';
import { ReadRecorder } from '../../support/reads.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * A `resource` costs no round trip of its own (SPEC §9): its record comes in the request's one
 * BatchGetItem, beside the client. Counted on the document client the handlers use.
 */
describe('DynamoDB reads of a request naming a resource', () => {
  let server: TestServer;
  let reads: ReadRecorder;
  let api: { uri: string };
  let scope: string;

  beforeAll(async () => {
    // The client cache off, so the client record is in every batch too.
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '0' });
    scope = (await aScope(server.deps)).name;
    api = await aResource(server.deps);
    reads = new ReadRecorder().attach(server.deps.table.doc);
  });

  const resourceKey = (uri: string) => `RESOURCE#${uri}|RESOURCE`;

  it('reads the resource in the token request\'s one BatchGetItem, with the client', async () => {
    const machine = await aClient(server.deps, { kind: 'client_credentials' });
    reads.take();
    const res = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', scope, resource: api.uri }, { authorization: basic(machine.client_id, machine.client_secret!) });
    expect(res.status).toBe(200);
    const taken = reads.take().filter((r) => r.operation !== 'Query'); // the signing key list, cached per container
    expect(taken.map((r) => r.operation)).toEqual(['BatchGetItem']);
    expect(taken[0]!.keys).toEqual(expect.arrayContaining([`CLIENT#${machine.client_id}|CLIENT`, resourceKey(api.uri)]));
  });

  it('reads an unknown resource in that same batch too before refusing it', async () => {
    const machine = await aClient(server.deps, { kind: 'client_credentials' });
    reads.take();
    const res = await postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', resource: `${api.uri}/other` }, { authorization: basic(machine.client_id, machine.client_secret!) });
    expect(res.body.error).toBe('invalid_target');
    expect(reads.take().filter((r) => r.operation !== 'Query').map((r) => r.operation)).toEqual(['BatchGetItem']);
  });

  it('reads the resource in the authorization request\'s first BatchGetItem, with the client', async () => {
    const web = await aClient(server.deps, { kind: 'confidential' });
    reads.take();
    const res = await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope, resource: api.uri }));
    expect(res.status).toBe(302); // to the login page
    const taken = reads.take();
    expect(taken.map((r) => r.operation)).toEqual(['BatchGetItem']);
    expect(taken[0]!.keys).toEqual(expect.arrayContaining([`CLIENT#${web.client_id}|CLIENT`, resourceKey(api.uri)]));
  });

  it('reads nothing for a malformed resource: there is nothing to look up', async () => {
    const web = await aClient(server.deps, { kind: 'confidential' });
    reads.take();
    await get(authorizeUrl(server.url, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, resource: 'relative/path' }));
    const keys = reads.take().flatMap((r) => r.keys);
    expect(keys.some((k) => k.startsWith('RESOURCE#'))).toBe(false);
  });
});
