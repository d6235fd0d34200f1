import type { GrantContext, GrantHandler, TokenResponse } from '../../functions/oauth/grants/grant.js';
import type { Client, ReadPorts } from '../../functions/oauth/ports.js';

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
