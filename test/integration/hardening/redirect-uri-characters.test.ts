import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/store/keys.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { aClient } from '../../support/fixtures.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { authorizeUrl, get, post } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * Issue 10, finding 5. `new URL()` drops tabs and line breaks and accepts spaces and non-ASCII,
 * so such a redirect URI used to be checked in one form and stored in another; every redirect
 * to it then failed with a 500 (ERR_INVALID_CHAR) and, behind a proxy that passes it on, could
 * split the Location header. Registration refuses them, wherever it happens; a redirect to a
 * stored one (written before this check) is percent-encoded, never a 500.
 */
const BAD_URIS = [
  'https://app.example/cb\r\nSet-Cookie: injected=1',
  'https://app.example/c\tb',
  'https://app.example/cb\n/next',
  'https://app.example/€',
  'https://app.example/a b',
  'https://app.example/cb\u0001',
  'https://app.example/cb\u007f',
  'https://bücher.example/cb',
];

describe('redirect URIs with control, space or non-ASCII characters', () => {
  let server: TestServer;
  let alice: SignedInUser;

  beforeAll(async () => {
    server = await startTestServer();
    alice = await aSignedInUser(server.url, server.deps);
  });

  it('are refused by the management API with 422 naming the field, on create and update', async () => {
    const good = await alice.api.post('/oauth/clients', { name: 'Good', redirect: 'https://app.example/cb' });
    expect(good.status).toBe(201);
    for (const uri of BAD_URIS) {
      const created = await alice.api.post('/oauth/clients', { name: 'Bad', redirect_uris: [uri] });
      expect(created.status, JSON.stringify(uri)).toBe(422);
      expect(created.body).toMatchObject({ error: 'invalid_request', errors: { redirect_uris: [expect.stringMatching(/visible ASCII/)] } });
      const updated = await alice.api.put(`/oauth/clients/${good.body.id}`, { name: 'Good', redirect: uri });
      expect(updated.status, JSON.stringify(uri)).toBe(422);
    }
    const listed = (await alice.api.get('/oauth/clients')).body as { redirect: string }[];
    expect(listed.map((c) => c.redirect)).toEqual(['https://app.example/cb']);
  });

  it('are refused by the account page’s form, with the error shown at the form', async () => {
    for (const uri of ['https://app.example/€', 'https://app.example/cb\u0001', 'https://bücher.example/cb']) {
      const res = await post(`${server.url}/oauth/account/clients`, { csrf_token: alice.csrf, name: 'Form app', redirect: uri, confidential: '1' }, alice.cookie);
      expect(res.status, JSON.stringify(uri)).toBe(422);
      expect(res.text).toMatch(/role="alert">A redirect URI must contain only visible ASCII characters/);
    }
  });

  it('are refused by the CLI on one line, with a non-zero exit', async () => {
    const env = cliEnv(server.url);
    for (const uri of ['https://app.example/cb\r\nX-Injected: 1', 'https://app.example/€']) {
      const res = await runConnect(['client:create', '--name', 'Web', '--redirect-uri', uri], env);
      expect(res.code, JSON.stringify(uri)).not.toBe(0);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/visible ASCII/);
    }
  });

  it('stored before this check, still get a redirect — percent-encoded, with no header injected — never a 500', async () => {
    const stored = ['https://app.example/cb\r\nSet-Cookie: injected=1', 'https://app.example/€'];
    const client = await aClient(server.deps, { kind: 'confidential', redirectUris: ['https://app.example/cb'], firstParty: true });
    await server.deps.table.doc.send(
      new UpdateCommand({
        TableName: server.deps.table.tableName,
        Key: keys.client(client.client_id),
        UpdateExpression: 'SET redirectUris = :uris',
        ExpressionAttributeValues: { ':uris': stored },
      }),
    );
    for (const redirectUri of stored) {
      const params = { response_type: 'code', client_id: client.client_id, redirect_uri: redirectUri, state: 'st' };
      // An error redirect (an unknown scope) and an approval (a first-party client): both 302.
      for (const extra of [{ scope: 'no-such-scope' }, {}] as Record<string, string>[]) {
        const res = await get(authorizeUrl(server.url, { ...params, ...extra }), alice.cookie);
        expect(res.status, JSON.stringify(redirectUri)).toBe(302);
        expect(res.location).toMatch(/^https:\/\/app\.example\/(cb%0D%0ASet-Cookie:%20injected=1|%E2%82%AC)\?/);
        expect(res.headers.get('set-cookie')).toBeNull();
      }
    }
  });
});
