import { OAuthError, unauthorizedClient } from '../errors.js';
import { accessTokenResponse } from '../tokens/issue.js';
import { catalogueScopeNames, grantableScopes, parseScopeParam } from '../scopes.js';
import type { Read, ScopeCatalogue } from '../ports.js';
import { checkScopesWithinResource } from '../resources/resource-parameter.js';
import type { GrantHandler } from './grant.js';

interface Input {
  readonly scopes: string[] | undefined;
}

type Found = {
  readonly catalogue: Read<ScopeCatalogue>;
};

/**
 * RFC 6749 §4.4. Only confidential clients; the token's subject is the client itself. Writes
 * nothing: the token is self-contained and there is no refresh token (§4.4.3).
 * The client's owner (`context.users`), if it has one, bounds the scopes (SPEC §5).
 */
export const clientCredentialsGrant: GrantHandler<Input, 'client_credentials', Found> = {
  grantType: 'client_credentials',
  parameters: [],
  parse: (params) => ({ scopes: parseScopeParam(params.scope) }),
  reads: (input, _ip, reads) => ({ catalogue: reads.catalogue(catalogueScopeNames(input.scopes)) }),
  async handle(context, client, { catalogue }, input) {
    if (client.secrets.length === 0) throw unauthorizedClient('A public client cannot use client credentials.');
    let ownerScopes: readonly string[] | null = null;
    if (client.userId) {
      const owner = await context.users.getById(client.userId);
      if (!owner) throw new OAuthError('invalid_client', "The client's owner no longer exists.");
      ownerScopes = owner.scopes;
    }
    const scopes = grantableScopes(input.scopes, {
      catalogue,
      client: client.scopes,
      user: ownerScopes,
      defaults: context.config.defaultScopes,
      firstParty: client.firstParty,
    });
    checkScopesWithinResource(scopes, context.resource);
    return accessTokenResponse(context, client, client.id, scopes, undefined, undefined, context.resource?.uri);
  },
};
