import { audit } from '../../log.js';
import { invalidGrant, invalidRequest } from '../errors.js';
import { issueWithRefreshToken } from '../issue.js';
import { burnVerify, verifySecret } from '../passwords.js';
import { grantableScopes, parseScopeParam } from '../scopes.js';
import type { Grant } from './grant.js';

interface Input {
  readonly username: string;
  readonly password: string;
  readonly scopes: string[] | undefined;
}

/**
 * RFC 6749 §4.3, for first-party apps (SPEC §3 `--password` clients). One argon2 verify per
 * request; an unknown user costs the same as a wrong password, and both get the same answer.
 */
export const passwordGrant: Grant<Input> = {
  grantType: 'password',
  parameters: ['username', 'password'],
  parse(params) {
    if (params.username === undefined) throw invalidRequest('Missing username.');
    if (params.password === undefined) throw invalidRequest('Missing password.');
    return { username: params.username, password: params.password, scopes: parseScopeParam(params.scope) };
  },
  reads: (input) => ({ userEmail: input.username, catalogue: true }),
  async handle(context, client, snapshot, input) {
    const user = snapshot.user;
    const ok = user ? await verifySecret(user.passwordHash, input.password) : await burnVerify(input.password);
    if (!user || !ok) {
      audit('user.authentication_failed', { client_id: client.id, user_id: user?.id, ip: context.ip, reason: 'password grant' });
      throw invalidGrant('The user credentials are incorrect.');
    }
    const scopes = grantableScopes(input.scopes, {
      catalogue: snapshot.catalogue,
      client: client.scopes,
      user: user.scopes,
      defaults: context.config.defaultScopes,
    });
    return issueWithRefreshToken(context, client, user.id, scopes);
  },
};
