import type { AuthorizationStore, UserRepository } from '../ports.js';
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
  const grants = [authorizationCodeGrant(codes), clientCredentialsGrant(users), passwordGrant, refreshTokenGrant] as AnyGrant[];
  return new Map(grants.map((g) => [g.grantType, g]));
}
