import type { AuthorizationStore, GrantType, UserRepository } from '../ports.js';
import { authorizationCodeGrant } from './authorization-code.js';
import { clientCredentialsGrant } from './client-credentials.js';
import type { AnyGrant } from './grant.js';
import { passwordGrant } from './password.js';
import { refreshTokenGrant } from './refresh-token.js';

/** The literal registry of grant types the token endpoint dispatches on (SPEC §1). */
export function grantRegistry(
  users: Pick<UserRepository, 'getById'>,
  codes: Pick<AuthorizationStore, 'redeemCode' | 'markCodeReplayed'>,
): ReadonlyMap<string, AnyGrant> {
  // Keyed by GrantType: a type in GRANT_TYPES (and so in the metadata) without a handler, or a
  // handler for a type not listed there, does not compile.
  const grants: { readonly [T in GrantType]: AnyGrant } = {
    authorization_code: authorizationCodeGrant(codes) as AnyGrant,
    refresh_token: refreshTokenGrant as AnyGrant,
    password: passwordGrant as AnyGrant,
    client_credentials: clientCredentialsGrant(users) as AnyGrant,
  };
  return new Map(Object.values(grants).map((g) => [g.grantType, g]));
}
