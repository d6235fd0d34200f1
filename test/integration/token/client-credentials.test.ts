import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm, postJson } from '../../support/http.js';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { verifyWithJwks } from '../../support/jwt.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('the client_credentials grant', () => {
  let server: TestServer;
  let client: { client_id: string; client_secret?: string };
  let read: string;
  let write: string;

  beforeAll(async () => {
    server = await startTestServer();
    read = (await aScope(server.deps)).name;
    write = (await aScope(server.deps)).name;
    client = await aClient(server.deps, { kind: 'client_credentials' });
  });

  const token = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${server.url}/oauth/token`, { grant_type: 'client_credentials', ...params }, headers);

  it('issues a bearer JWT that verifies against the JWKS with issuer, audience and typ at+jwt', async () => {
    const res = await token({ scope: read }, { authorization: basic(client.client_id, client.client_secret!) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: read });
    expect(res.body.refresh_token).toBeUndefined();
    const { payload, header } = await verifyWithJwks(server.url, res.body.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(header.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({ sub: client.client_id, client_id: client.client_id, scope: read });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(payload.jti).toEqual(expect.any(String));
  });

  it('accepts the secret in the body and a JSON body', async () => {
    const form = await token({ client_id: client.client_id, client_secret: client.client_secret!, scope: read });
    expect(form.status).toBe(200);
    const json = await postJson(`${server.url}/oauth/token`, {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
    });
    expect(json.status).toBe(200);
    expect(json.body).not.toHaveProperty('scope'); // nothing asked, nothing granted (RFC 6749 §3.3)
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const res = await token({}, { authorization: basic(client.client_id, 'wrong') });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('answers a wrong secret in the body with 401 invalid_client and no challenge', async () => {
    const res = await token({ client_id: client.client_id, client_secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('refuses an unknown scope and a scope beyond the client with invalid_scope', async () => {
    const limited = await aClient(server.deps, { kind: 'client_credentials', scopes: read });
    const auth = { authorization: basic(limited.client_id, limited.client_secret!) };
    expect((await token({ scope: 'no-such-scope' }, auth)).body.error).toBe('invalid_scope');
    const wide = await token({ scope: `${read} ${write}` }, auth);
    expect(wide.status).toBe(400);
    expect(wide.body.error).toBe('invalid_scope');
  });

  it("keeps the scopes within what the client's owner may do", async () => {
    const owner = await aUser(server.deps, { scopes: read });
    const owned = await aClient(server.deps, { kind: 'client_credentials', userEmail: owner.email });
    const auth = { authorization: basic(owned.client_id, owned.client_secret!) };
    expect((await token({ scope: read }, auth)).status).toBe(200);
    expect((await token({ scope: write }, auth)).body.error).toBe('invalid_scope');
  });

  it('refuses a client not registered for this grant with unauthorized_client', async () => {
    const passwordClient = await aClient(server.deps, { kind: 'password' });
    const res = await token({}, { authorization: basic(passwordClient.client_id, passwordClient.client_secret!) });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('writes nothing to the table', async () => {
    const before = await countItems(server);
    expect((await token({ scope: read }, { authorization: basic(client.client_id, client.client_secret!) })).status).toBe(200);
    expect(await countItems(server)).toBe(before);
  });
});

async function countItems(server: TestServer): Promise<number> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const out = await server.deps.table.doc.send(new ScanCommand({ TableName: server.deps.table.tableName, Select: 'COUNT' }));
  return out.Count ?? 0;
}
