import { beforeAll, describe, expect, it } from 'vitest';
import { aClient } from '../../support/fixtures.js';
import { basic, postFormFrom } from '../../support/http.js';
import { tableContents } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * The lockout counts attempts per account under a key derived from what was typed as the
 * user name. People type their password there by mistake: the key is a digest, so the
 * typed text is never stored, and its size does not depend on what was typed.
 */
describe('the lockout counter of an account', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  const counterKeys = async () =>
    (JSON.parse(await tableContents(server.deps)) as string[])
      .map((item) => JSON.parse(item) as { pk: string })
      .map((item) => item.pk)
      .filter((pk) => pk.startsWith('ATTEMPTS#account:'));

  it('does not store a password typed into the email field of the login page', async () => {
    // Shaped like an e-mail (it has an @), so it is counted like one; lower case: the key is built
    // from the normalized name.
    const typed = 'tr0ub4dor&3@typed-in-the-wrong-field';
    const res = await postFormFrom('127.0.0.51', `${server.url}/oauth/login`, { email: typed, password: 'whatever' }, {
      'sec-fetch-site': 'same-origin',
    });
    expect(res.status).toBe(401);
    expect(await tableContents(server.deps)).not.toContain(typed);
    expect(await counterKeys()).not.toHaveLength(0);
  });

  it('does not store a password typed as the username of the password grant', async () => {
    const client = await aClient(server.deps, { kind: 'password' });
    const typed = 'correct-horse-typed-as-username';
    const res = await postFormFrom('127.0.0.52', `${server.url}/oauth/token`, { grant_type: 'password', username: typed, password: 'x' }, {
      authorization: basic(client.client_id, client.client_secret!),
    });
    expect(res.body.error).toBe('invalid_grant');
    expect(await tableContents(server.deps)).not.toContain(typed);
  });

  it('keys every counter by a fixed-size digest, however long the typed name: a 3 KB email is an ordinary failure', async () => {
    const long = `${'a'.repeat(3000)}@example.com`;
    const res = await postFormFrom('127.0.0.53', `${server.url}/oauth/login`, { email: long, password: 'whatever' }, {
      'sec-fetch-site': 'same-origin',
    });
    expect(res.status).toBe(401);
    expect(res.text).toContain('The email or password is incorrect.');
    const keys = await counterKeys();
    expect(keys.every((pk) => /^ATTEMPTS#account:[\w-]{43}$/.test(pk))).toBe(true);
  });
});
