import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_CODE_GRANT } from '../../../functions/oauth/ports.js';
import { cliEnv, runConnect } from '../../support/cli.js';
import { poll, startDevice } from '../../support/device-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

describe('client:create --device (SPEC §3, RFC 8628)', () => {
  let server: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    env = cliEnv(server.url);
  });

  const ok = async (args: string[]) => {
    const res = await runConnect([...args, '--json'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    return res.json;
  };

  it('creates a confidential device client with a secret, the device grant and refresh_token, that can start a device authorization', async () => {
    const client = await ok(['client:create', '--name', 'Living Room TV', '--device']);
    expect(client).toMatchObject({ name: 'Living Room TV', kind: 'device', grant_types: [DEVICE_CODE_GRANT, 'refresh_token'], redirect_uris: [] });
    expect(client.client_secret).toMatch(/^[\w-]{43}$/);
    const started = await startDevice(server.url, client);
    expect(started.status).toBe(200);
    expect((await poll(server.url, client, started.body.device_code)).body.error).toBe('authorization_pending');
    // Without its secret it is refused: it is confidential.
    expect((await startDevice(server.url, { client_id: client.client_id })).body.error).toBe('invalid_client');
  });

  it('creates a public device client (--device --public) that needs only its client_id, and lists its kind', async () => {
    const client = await ok(['client:create', '--name', 'my-cli', '--device', '--public']);
    expect(client.client_secret).toBeUndefined();
    expect(client.kind).toBe('device');
    expect((await startDevice(server.url, { client_id: client.client_id })).status).toBe(200);
    const { clients } = await ok(['client:list']);
    expect(clients.find((c: { client_id: string }) => c.client_id === client.client_id)).toMatchObject({ kind: 'device' });
  });

  it('refuses a device client with redirect URIs or another grant, in one line', async () => {
    for (const args of [
      ['client:create', '--name', 'TV', '--device', '--redirect-uri', 'https://tv.example/cb'],
      ['client:create', '--name', 'TV', '--device', '--password'],
    ]) {
      const res = await runConnect(args, env);
      expect(res.code).not.toBe(0);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
