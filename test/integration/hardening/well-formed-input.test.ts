import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic, postForm, postJson, read } from '../../support/http.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { authorizeUrl, CALLBACK, get, post } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue 10, findings 10 and 15 (SPEC §6). A JSON body with a repeated key is refused like a
 * repeated form parameter — not read as its last value. Text that is not text — a lone
 * surrogate in JSON, bytes that are not UTF-8 in a form or a query — is refused at the edge:
 * DynamoDB refuses a lone surrogate where DynamoDB Local stores it, and decoders would turn
 * the rest into replacement characters. Nothing is written either way.
 */
describe('request bodies and parameters that are not plain, unambiguous text', () => {
  let server: TestServer;
  let cc: { client_id: string; client_secret?: string };
  let pw: { client_id: string; client_secret?: string };
  let confidential: { client_id: string };
  let alice: SignedInUser;

  beforeAll(async () => {
    server = await startTestServer();
    cc = await aClient(server.deps, { kind: 'client_credentials' });
    pw = await aClient(server.deps, { kind: 'password' });
    confidential = await aClient(server.deps, { kind: 'confidential', redirectUris: [CALLBACK] });
    await aUser(server.deps);
    alice = await aSignedInUser(server.url, server.deps);
  });

  const itemCount = async () =>
    (await server.deps.table.doc.send(new ScanCommand({ TableName: server.deps.table.tableName, Select: 'COUNT' }))).Count;

  /** Refused with this status and code, and nothing written. */
  async function refused(send: () => Promise<{ status: number; body: any }>, status: number, error = 'invalid_request') {
    const before = await itemCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error, error_description: expect.any(String) });
    expect(await itemCount()).toBe(before);
    return res.body;
  }

  it('refuses a repeated JSON key at the token endpoint, which used to take the last value', async () => {
    const body = `{"grant_type":"client_credentials","client_id":"${cc.client_id}","client_secret":"wrong","client_secret":"${cc.client_secret}"}`;
    const answer = await refused(() => postJson(`${server.url}/oauth/token`, body), 400);
    expect(answer.error_description).toMatch(/"client_secret" appears more than once/);
    // The same request without the repeat is fine: it is the repeat that is refused.
    const single = `{"grant_type":"client_credentials","client_id":"${cc.client_id}","client_secret":"${cc.client_secret}"}`;
    expect((await postJson(`${server.url}/oauth/token`, single)).status).toBe(200);
  });

  it('refuses a repeated JSON key at introspection and revocation', async () => {
    const auth = { authorization: basic(cc.client_id, cc.client_secret!) };
    await refused(() => postJson(`${server.url}/oauth/introspect`, '{"token":"a","token":"b"}', auth), 400);
    await refused(() => postJson(`${server.url}/oauth/revoke`, '{"token":"a","token_type_hint":"x","token":"b"}', auth), 400);
  });

  it('refuses a repeated JSON key in the management API with 422, naming the body, and creates nothing', async () => {
    const body = '{"name":"Harmless","redirect":"https://a.example/cb","name":"Other"}';
    const answer = await refused(() => alice.api.post('/oauth/clients', body), 422);
    expect(answer.errors.body[0]).toMatch(/"name" appears more than once/);
    expect((await alice.api.get('/oauth/clients')).body).toEqual([]);
    await refused(() => alice.api.post('/oauth/personal-access-tokens', '{"name":"a","scopes":[],"scopes":["x"]}'), 422);
  });

  it('refuses a lone surrogate in a JSON string, on the token endpoint and in the management API', async () => {
    const auth = { authorization: basic(pw.client_id, pw.client_secret!) };
    // Before: looked up, counted as a failed attempt under a key DynamoDB would refuse.
    await refused(() => postJson(`${server.url}/oauth/token`, '{"grant_type":"password","username":"a\\ud800@example.com","password":"x"}', auth), 400);
    // Before: 201, a client named with a lone surrogate — stored by DynamoDB Local only.
    await refused(() => alice.api.post('/oauth/clients', '{"name":"App \\udc00","redirect":"https://a.example/cb"}'), 422);
  });

  it('refuses a form or a query whose percent-encoding is not UTF-8', async () => {
    const auth = { authorization: basic(pw.client_id, pw.client_secret!) };
    await refused(() => postForm(`${server.url}/oauth/token`, 'grant_type=password&username=%FF%FE@example.com&password=x', auth), 400);
    await refused(() => postForm(`${server.url}/oauth/token`, 'grant_type=password&username=%ED%A0%80@example.com&password=x', auth), 400);
    const raw = await fetch(`${server.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
      body: Buffer.from([0x74, 0x6f, 0x6b, 0x65, 0x6e, 0x3d, 0xff, 0xfe]), // "token=" and two bytes that are not UTF-8
    });
    await refused(async () => read(raw), 400);
    await refused(() => alice.api.get('/oauth/clients?cursor=%C3%28'), 400);
  });

  it('answers the pages’ not-UTF-8 input with an error page, not a redirect or a sign-in', async () => {
    const params = { response_type: 'code', client_id: confidential.client_id, redirect_uri: CALLBACK };
    const pages = [
      await get(`${authorizeUrl(server.url, params)}&state=%ED%A0%80`, alice.cookie),
      await post(`${server.url}/oauth/login`, { email: alice.email, password: alice.password }).then(async () => {
        // The right e-mail and password, but with a byte that is not UTF-8 after the address.
        const res = await fetch(`${server.url}/oauth/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `email=${encodeURIComponent(alice.email)}%FF&password=${encodeURIComponent(alice.password)}`,
        });
        return { status: res.status, text: await res.text(), location: res.headers.get('location') ?? undefined };
      }),
    ];
    for (const page of pages) {
      expect(page.status).toBe(400);
      expect(page.location).toBeUndefined();
      expect(page.text).toMatch(/<code>invalid_request<\/code>/);
    }
  });
});
