import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm, read } from '../../support/http.js';
import { aClient, aUser } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('bad input at the token endpoints', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let user: { email: string; password: string };
  let auth: { authorization: string };

  beforeAll(async () => {
    server = await startTestServer();
    client = await aClient(server.deps, { kind: 'password' });
    user = await aUser(server.deps);
    auth = { authorization: basic(client.client_id, client.client_secret!) };
  });

  const itemCount = async () =>
    (await server.deps.table.doc.send(new ScanCommand({ TableName: server.deps.table.tableName, Select: 'COUNT' }))).Count;
  const raw = async (path: string, init: RequestInit) => read(await fetch(`${server.url}${path}`, init));

  /** Every bad request below gets this: a 4xx RFC error JSON and no write. */
  async function expectRefused(send: () => Promise<{ status: number; body: any; text: string }>, status: number, error: string) {
    const before = await itemCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, error_description: expect.any(String) });
    expect(res.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
    expect(await itemCount()).toBe(before);
  }

  it('refuses a repeated parameter (RFC 6749 §3.2)', async () => {
    const body = `grant_type=password&username=${encodeURIComponent(user.email)}&password=a&password=b`;
    await expectRefused(() => postForm(`${server.url}/oauth/token`, body, auth), 400, 'invalid_request');
  });

  it('refuses a missing and an unknown grant type', async () => {
    await expectRefused(() => postForm(`${server.url}/oauth/token`, { username: 'x' }, auth), 400, 'invalid_request');
    await expectRefused(
      () => postForm(`${server.url}/oauth/token`, { grant_type: 'urn:example:magic' }, auth),
      400,
      'unsupported_grant_type',
    );
  });

  it('refuses a body that is not a form or JSON', async () => {
    const send = (contentType: string, body: string) =>
      raw('/oauth/token', { method: 'POST', headers: { 'content-type': contentType, ...auth }, body });
    await expectRefused(() => send('text/plain', 'grant_type=password'), 400, 'invalid_request');
    await expectRefused(() => send('application/json', '{"grant_type":'), 400, 'invalid_request');
    await expectRefused(() => send('application/json', '["grant_type"]'), 400, 'invalid_request');
    await expectRefused(() => send('application/json', '{"grant_type":{"x":1}}'), 400, 'invalid_request');
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = `grant_type=password&username=${'a'.repeat(20_000)}&password=x`;
    await expectRefused(() => postForm(`${server.url}/oauth/token`, huge, auth), 413, 'invalid_request');
  });

  it('survives a body that is not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('grant_type=client_credentials&scope='), Buffer.from([0xff, 0xfe, 0xc3])]);
    await expectRefused(
      () => raw('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth }, body: bytes }),
      400,
      'invalid_request',
    );
  });

  it('refuses two client authentication methods at once and a malformed Basic header', async () => {
    await expectRefused(
      () => postForm(`${server.url}/oauth/token`, { grant_type: 'password', client_secret: 'x' }, auth),
      400,
      'invalid_request',
    );
    await expectRefused(
      () => postForm(`${server.url}/oauth/token`, { grant_type: 'password' }, { authorization: 'Basic !!!' }),
      401,
      'invalid_client',
    );
    await expectRefused(
      () => postForm(`${server.url}/oauth/token`, { grant_type: 'password' }, { authorization: 'Bearer abc' }),
      401,
      'invalid_client',
    );
  });

  it('answers a wrong method with 405 and an unknown path with 404, both as RFC error JSON', async () => {
    await expectRefused(() => raw('/oauth/token', { method: 'GET' }), 405, 'method_not_allowed');
    await expectRefused(() => raw('/oauth/nothing-here', { method: 'GET' }), 404, 'not_found');
  });

  it('refuses scope values with characters RFC 6749 §3.3 forbids', async () => {
    await expectRefused(
      () => postForm(`${server.url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password, scope: 'a"b' }, auth),
      400,
      'invalid_request',
    );
  });
});
