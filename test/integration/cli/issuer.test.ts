import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { createClient } from '../../../functions/admin/clients.js';
import { container } from '../../../functions/container.js';
import { ensureTable } from '../../../functions/store/table.js';
import { connectJson, runConnect } from '../../support/cli.js';
import { startDevServer, type DevServer } from '../../support/dev-server.js';
import { apiGatewayEvent, lambdaContext } from '../../support/events.js';
import { aClient, aUser } from '../../support/fixtures.js';
import { basic, postForm } from '../../support/http.js';
import { tableContents } from '../../support/oauth-flow.js';
import { testEnv } from '../../support/store.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs one line the way a user pastes it into a terminal, with nothing but PATH and HOME set. */
function shell(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', line], { cwd: ROOT, env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** `VAR=value` words in front of `npm run connect --` in a banner line, as an environment. */
function prefixEnv(line: string): Record<string, string> {
  const prefix = line.slice(0, line.indexOf('npm run connect --')).trim();
  return Object.fromEntries(prefix.split(/\s+/).filter(Boolean).map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
}

/**
 * Issue #10, finding 12: the server records its issuer in the table and the CLI reads it, so
 * `token:create` mints tokens the server accepts whatever PORT it runs on; ISSUER overrides;
 * with neither, the CLI refuses with one line rather than mint a token no server accepts.
 */
describe('the issuer personal access tokens are minted for', () => {
  describe('`npm start` on a non-default PORT and DYNAMODB_PORT', () => {
    let dev: DevServer;
    beforeAll(async () => {
      dev = await startDevServer();
    }, 120_000);
    afterAll(async () => dev?.stop());

    it('prints CLI commands that work as printed, and token:create then mints a token the server accepts without ISSUER', async () => {
      const lines = dev.output.split('\n').filter((l) => l.includes('npm run connect --'));
      expect(lines.length).toBeGreaterThan(0);
      const scopeLine = lines.find((l) => l.includes('scope:create'))!;
      expect(scopeLine).toContain(`DYNAMODB_ENDPOINT=${dev.cliEnv.DYNAMODB_ENDPOINT}`);
      const pasted = await shell(scopeLine.trim());
      expect(pasted.stderr).not.toMatch(/^error:/m);
      expect(pasted.code).toBe(0);

      // The same variables, and no ISSUER: the CLI reads the issuer the server recorded.
      const env = prefixEnv(scopeLine);
      expect(env).not.toHaveProperty('ISSUER');
      await connectJson(env, ['user:create', '--email', 'dev@example.com', '--password-stdin'], 'a long password\n');
      await connectJson(env, ['client:create', '--name', 'Personal', '--personal']);
      const rs = await connectJson(env, ['client:create', '--name', 'API', '--client-credentials', '--introspect']);
      const pat = await connectJson(env, ['token:create', '--user', 'dev@example.com', '--name', 'laptop', '--scopes', 'read']);
      expect(decodeJwt(pat.access_token).iss).toBe(dev.url);
      const introspected = await postForm(`${dev.url}/oauth/introspect`, { token: pat.access_token }, { authorization: basic(rs.client_id, rs.client_secret) });
      expect(introspected.body).toMatchObject({ active: true, iss: dev.url, scope: 'read' });
    }, 120_000);
  });

  describe('a deployed token function and the CLI writing to its table', () => {
    let env: Record<string, string>;
    beforeAll(async () => {
      env = testEnv({ ISSUER: 'https://auth.example.com' });
      await ensureTable(container().table.doc, container().table.tableName);
    });
    const cliEnv = () => ({ DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT!, TABLE_NAME: env.TABLE_NAME!, CONNECT_DATA_DIR: env.CONNECT_DATA_DIR! });

    it('refuses token:create with one line, writing nothing, while no server has recorded an issuer and ISSUER is unset', async () => {
      const deps = container();
      const user = await aUser(deps);
      await createClient(deps, { name: 'Personal', kind: 'personal' });
      const before = await tableContents(deps);
      const res = await runConnect(['token:create', '--user', user.email, '--name', 'x'], cliEnv());
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/no server has recorded its issuer .* set ISSUER/);
      expect(await tableContents(deps)).toBe(before);
    });

    it('records its issuer on the first request of a container (one conditional PutItem), never again, and the CLI mints for it', async () => {
      const deps = container();
      const service = await aClient(deps, { kind: 'client_credentials' });
      const meter = new DynamoMeter().attach(deps.table.doc);
      const { handler } = await import('../../../functions/handlers/token.js');
      const request = () =>
        handler(
          apiGatewayEvent({
            method: 'POST',
            path: '/oauth/token',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(service.client_id, service.client_secret!) },
            body: 'grant_type=client_credentials',
          }),
          lambdaContext,
        );
      meter.take();
      expect((await request()).statusCode).toBe(200);
      expect(operations(meter.take()).filter((op) => op === 'PutItem')).toHaveLength(1);
      expect(await deps.issuers.recorded()).toBe('https://auth.example.com');
      expect((await request()).statusCode).toBe(200);
      expect(operations(meter.take())).not.toContain('PutItem');

      const user = await aUser(deps);
      const pat = await connectJson(cliEnv(), ['token:create', '--user', user.email, '--name', 'deployed']);
      expect(decodeJwt(pat.access_token).iss).toBe('https://auth.example.com');
      // ISSUER, when given, wins over the record.
      const overridden = await connectJson({ ...cliEnv(), ISSUER: 'https://other.example.com' }, ['token:create', '--user', user.email, '--name', 'other']);
      expect(decodeJwt(overridden.access_token).iss).toBe('https://other.example.com');
    });
  });
});
