import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../../support/http.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/** Debian's python3-authlib, with the system Python (not a pyenv shim that lacks it). */
const PYTHON = '/usr/bin/python3';

/** Runs Authlib's metadata validation on a document; returns what it printed (OK or the error). */
function authlibValidates(kind: 'OpenIDProviderMetadata' | 'AuthorizationServerMetadata', document: unknown): string {
  const module = kind === 'OpenIDProviderMetadata' ? 'authlib.oidc.discovery' : 'authlib.oauth2.rfc8414';
  const script = `import json, sys\nfrom ${module} import ${kind}\ntry:\n    ${kind}(json.load(sys.stdin)).validate()\n    print('OK')\nexcept Exception as e:\n    print(type(e).__name__, e)\n`;
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(document), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

/** Discovery as OpenID libraries read it: Authlib (Python) validates both documents. */
describe('interoperability with Authlib: provider metadata', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });

  it('validates /.well-known/openid-configuration as OpenID Provider metadata', async () => {
    const { body } = await getJson(`${server.url}/.well-known/openid-configuration`);
    expect(authlibValidates('OpenIDProviderMetadata', body)).toBe('OK');
    expect(body).toMatchObject({
      userinfo_endpoint: `${server.url}/oauth/userinfo`,
      end_session_endpoint: `${server.url}/oauth/end-session`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code'],
    });
    expect(body.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
    expect(body.claims_supported).toEqual(expect.arrayContaining(['sub', 'name', 'email', 'email_verified', 'auth_time', 'nonce', 'sid']));
  });

  it('keeps /.well-known/oauth-authorization-server a plain RFC 8414 document that Authlib accepts', async () => {
    const { body } = await getJson(`${server.url}/.well-known/oauth-authorization-server`);
    expect(authlibValidates('AuthorizationServerMetadata', body)).toBe('OK');
    expect(body.userinfo_endpoint).toBeUndefined();
  });
});
