import type { UserRepository } from '../ports.js';
import { clientCredentialsGrant } from './client-credentials.js';
import type { AnyGrant } from './grant.js';
import { passwordGrant } from './password.js';
import { refreshTokenGrant } from './refresh-token.js';

/** The literal registry of grant types the token endpoint dispatches on (SPEC §1). */
export function grantRegistry(users: Pick<UserRepository, 'getById'>): ReadonlyMap<string, AnyGrant> {
  const grants = [clientCredentialsGrant(users), passwordGrant, refreshTokenGrant] as AnyGrant[];
  return new Map(grants.map((g) => [g.grantType, g]));
}
