import { loadConfig } from '../../functions/config.js';
import type { GrantContext, GrantHandler, GrantPorts, TokenResponse } from '../../functions/oauth/grants/grant.js';
import type { Client, GrantType, ReadPorts } from '../../functions/oauth/ports.js';
import { memoryKeyRing } from '../infra/issue-token.js';

/** A port the grant must never reach: calling any of its methods fails the test. */
const untouched = new Proxy({}, { get: (_t, name) => () => { throw new Error(`the grant called ${String(name)}`); } });

/**
 * A grant's context on the in-memory adapters: its token store and the ports it uses (a fresh
 * key ring and the default config unless given); every other port fails the test if called.
 */
export function aGrantContext(grantType: GrantType, ports: Pick<GrantPorts, 'store'> & Partial<GrantPorts>, issuer = 'http://127.0.0.1:1'): GrantContext {
  return {
    config: loadConfig({}),
    attempts: untouched as GrantPorts['attempts'],
    codes: untouched as GrantPorts['codes'],
    users: untouched as GrantPorts['users'],
    devices: untouched as GrantPorts['devices'],
    keys: memoryKeyRing(),
    ...ports,
    issuer,
    audience: issuer,
    grantType,
    ip: '127.0.0.1',
  };
}

/**
 * A client record as the store hands it to a grant or to client authentication. By default a
 * confidential client-credentials client with a stand-in hash (no argon2 runs on it); each
 * test states what differs (DESIGN rule 8: builders, not copied literals).
 */
export function aClientRecord(overrides: Partial<Client> = {}): Client {
  return {
    id: crypto.randomUUID(),
    name: 'A client',
    kind: 'client_credentials',
    secrets: [{ hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA' }],
    redirectUris: [],
    grantTypes: ['client_credentials'],
    scopes: null,
    firstParty: false,
    introspect: false,
    revoked: false,
    createdAt: 0,
    ...overrides,
  };
}

/**
 * What the token endpoint does with a grant once `client` is authenticated: parse the
 * parameters, make the one batch read the grant names (with the client), handle.
 */
export async function runGrant<Input>(
  grant: GrantHandler<Input>,
  ports: ReadPorts,
  context: GrantContext,
  client: Client,
  params: Record<string, string>,
): Promise<TokenResponse> {
  const input = grant.parse(params);
  const found = await ports.batch.load({ ...grant.reads(input, context.ip, ports.reads), client: ports.reads.client(client.id) });
  return grant.handle(context, client, found, input);
}
