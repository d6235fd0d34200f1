import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_CODE_GRANT } from '../../../functions/oauth/ports.js';
import { pathTo } from '../../../functions/routes.js';
import { aClient } from '../../support/fixtures.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { get } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** A user's own device clients, as the management API and the account page show them. */
describe('device clients in the management API and on the account page', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let tv: { client_id: string };
  let cli: { client_id: string };

  beforeAll(async () => {
    server = await startTestServer();
    alice = await aSignedInUser(server.url, server.deps);
    tv = await aClient(server.deps, { kind: 'device', name: 'Living Room TV', userEmail: alice.email });
    cli = await aClient(server.deps, { kind: 'device', name: 'my-cli', public: true, userEmail: alice.email });
  });

  it('lists them with their kind: the device grant, and confidential only when they have a secret', async () => {
    const listed = await alice.api.get(pathTo('listClients'));
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(tv.client_id)).toMatchObject({ device_client: true, confidential: true, grant_types: [DEVICE_CODE_GRANT, 'refresh_token'] });
    expect(byId.get(cli.client_id)).toMatchObject({ device_client: true, confidential: false, secret: null });
  });

  it('shows them on the account page as devices, with a "New secret" button only for the one that has a secret', async () => {
    const page = await get(`${server.url}${pathTo('account')}`, alice.cookie);
    expect(page.status).toBe(200);
    const row = (name: string) => page.text.split('<li>').find((li) => li.includes(`<strong>${name}</strong>`)) ?? '';
    expect(row('Living Room TV')).toContain('Device ·');
    expect(row('Living Room TV')).toContain('New secret');
    expect(row('my-cli')).toContain('Device (public)');
    expect(row('my-cli')).not.toContain('New secret');
  });
});
