import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { authorizeUrl, CALLBACK, formFields, get, post, signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * The DynamoDB requests of the browser-facing endpoints, counted on the document client the
 * handlers use: what each step of the flow costs.
 */
describe('DynamoDB round trips of the authorization-code flow', () => {
  let server: TestServer;
  let meter: DynamoMeter;
  let user: { email: string; password: string };
  let cookie: string;
  let read: string;
  let client: { client_id: string };
  let firstParty: { client_id: string };

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    user = await aUser(server.deps);
    client = await aClient(server.deps, { kind: 'confidential' });
    firstParty = await aClient(server.deps, { kind: 'confidential', firstParty: true });
    cookie = await signIn(server.url, user.email, user.password);
    meter = new DynamoMeter().attach(server.deps.table.doc);
  });

  const request = (clientId: string) => ({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: read });

  async function count(step: () => Promise<unknown>): Promise<string[]> {
    meter.take();
    await step();
    return operations(meter.take());
  }

  it('authorize without a session: one BatchGetItem (client, catalogue, session) before the login redirect', async () => {
    expect(await count(() => get(authorizeUrl(server.url, request(client.client_id))))).toEqual(['BatchGetItem']);
  });

  it('authorize with a session: a second BatchGetItem (user, consent) to show the consent page', async () => {
    expect(await count(() => get(authorizeUrl(server.url, request(client.client_id)), cookie))).toEqual(['BatchGetItem', 'BatchGetItem']);
  });

  it('approval: two reads and one transaction writing the code and the remembered consent', async () => {
    const page = await get(authorizeUrl(server.url, request(client.client_id)), cookie);
    const answer = () => post(`${server.url}/oauth/authorize`, { ...formFields(page.text), decision: 'approve' }, cookie);
    expect(await count(answer)).toEqual(['BatchGetItem', 'BatchGetItem', 'TransactWriteItems']);
  });

  it('denial: one read, no write', async () => {
    const fresh = await aClient(server.deps, { kind: 'confidential' });
    const page = await get(authorizeUrl(server.url, request(fresh.client_id)), cookie);
    const answer = () => post(`${server.url}/oauth/authorize`, { ...formFields(page.text), decision: 'deny' }, cookie);
    expect(await count(answer)).toEqual(['BatchGetItem']);
  });

  it('a first-party client: two reads and the PutItem of the code', async () => {
    expect(await count(() => get(authorizeUrl(server.url, request(firstParty.client_id)), cookie))).toEqual([
      'BatchGetItem',
      'BatchGetItem',
      'PutItem',
    ]);
  });

  it('login: one batch (user and attempt counters), the attempt counted before the check, the session and the counter cleared', async () => {
    const form = { email: user.email, password: user.password };
    const sorted = async (request: () => Promise<unknown>) => (await count(request)).sort();
    // SPEC §6: the attempt is counted (a conditional write) before argon2 runs; a success then
    // writes the session and clears the counter, in parallel.
    expect(await sorted(() => post(`${server.url}/oauth/login`, form))).toEqual(['BatchGetItem', 'DeleteItem', 'PutItem', 'PutItem']);
    // A failure: the account's attempt (counted before) and the address's failure, nothing else.
    expect(await sorted(() => post(`${server.url}/oauth/login`, { ...form, password: 'wrong' }))).toEqual([
      'BatchGetItem',
      'PutItem',
      'PutItem',
    ]);
    // The next success counts itself onto the existing counter, then clears it.
    expect(await sorted(() => post(`${server.url}/oauth/login`, form))).toEqual(['BatchGetItem', 'DeleteItem', 'PutItem', 'UpdateItem']);
  });

  it('the login page: one BatchGetItem (the session and the client that asked)', async () => {
    const returnTo = `/oauth/authorize?${new URLSearchParams(request(client.client_id))}`;
    const page = `${server.url}/oauth/login?${new URLSearchParams({ return_to: returnTo })}`;
    expect(await count(() => get(page))).toEqual(['BatchGetItem']);
    expect(await count(() => get(page, cookie))).toEqual(['BatchGetItem']);
  });

  it('logout: one DeleteItem; /oauth/request: one BatchGetItem', async () => {
    const session = await signIn(server.url, user.email, user.password);
    const page = await get(`${server.url}/oauth/login`, session);
    expect(await count(() => post(`${server.url}/oauth/logout`, formFields(page.text, '/oauth/logout'), session))).toEqual(['DeleteItem']);
    expect(await count(() => get(`${server.url}/oauth/request?client=${client.client_id}`))).toEqual(['BatchGetItem']);
  });
});
