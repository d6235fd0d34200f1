import { audit } from '../../log.js';
import { invalidGrant, invalidRequest, OAuthError } from '../errors.js';
import { issueWithRefreshToken } from '../tokens/issue.js';
import { isUserEmail } from '../identifiers.js';
import { burnVerify, verifySecret } from '../passwords.js';
import { catalogueScopeNames, grantableScopes, parseScopeParam } from '../scopes.js';
import { beginAttempt, recordFailure, recordSuccess, throttleFor, throttleReads, type Throttle, type ThrottleReads } from '../sessions/throttle.js';
import type { Read, ScopeCatalogue, User } from '../ports.js';
import { checkScopesWithinResource } from '../resources/resource-parameter.js';
import type { GrantHandler } from './grant.js';

interface Input {
  readonly username: string;
  /** False for a username no account could have (SPEC §6): never looked up, never counted. */
  readonly plausible: boolean;
  readonly password: string;
  readonly scopes: string[] | undefined;
}

/** Nothing but the client for a username no account could have. */
type Found = Partial<ThrottleReads> & {
  readonly user?: Read<User | undefined>;
  readonly catalogue?: Read<ScopeCatalogue>;
};

/**
 * RFC 6749 §4.3, for first-party apps (SPEC §3 `--password` clients). One argon2 verify per
 * request; an unknown user costs the same as a wrong password, and both get the same answer.
 * The attempt counters of the account and the address come in the same batch read; while
 * either is locked, the password is not even checked, and the account's attempt is counted
 * before it is (RFC 6749 §10.10, RFC 9700 §2.4; functions/oauth/sessions/throttle.ts).
 */
export const passwordGrant: GrantHandler<Input, 'password', Found> = {
  grantType: 'password',
  parameters: ['username', 'password'],
  parse(params) {
    if (params.username === undefined) throw invalidRequest('Missing username.');
    if (params.password === undefined) throw invalidRequest('Missing password.');
    const plausible = isUserEmail(params.username);
    return { username: params.username, plausible, password: params.password, scopes: parseScopeParam(params.scope) };
  },
  reads: (input, ip, reads): Found =>
    input.plausible
      ? {
          user: reads.user(input.username),
          catalogue: reads.catalogue(catalogueScopeNames(input.scopes)),
          ...throttleReads(reads, throttleFor(input.username, ip)),
        }
      : {},
  async handle(context, client, found, input) {
    const { user, catalogue } = found;
    // After client authentication, so the client hears about its own credentials first.
    // (An implausible username read nothing, so no catalogue either.)
    if (!input.plausible || !catalogue) throw invalidGrant('The user credentials are incorrect.');
    const throttle: Throttle = throttleFor(input.username, context.ip);
    // Counted before the password is checked, so parallel guesses cannot outrun the lock (SPEC §6).
    const counted = await beginAttempt(context.attempts, context.config.lockout, throttle, found);
    if ('lockedFor' in counted) {
      audit('user.authentication_failed', { client_id: client.id, user_id: user?.id, ip: context.ip, reason: 'locked out' });
      throw new OAuthError('invalid_grant', 'Too many failed sign-in attempts. Try again later.', {
        headers: { 'Retry-After': String(counted.lockedFor) },
      });
    }
    const ok = user ? await verifySecret(user.passwordHash, input.password) : await burnVerify(input.password);
    if (!user || !ok) {
      audit('user.authentication_failed', { client_id: client.id, user_id: user?.id, ip: context.ip, reason: 'password grant' });
      await recordFailure(context.attempts, context.config.lockout, throttle, counted.attempt, {
        client_id: client.id,
        user_id: user?.id,
        ip: context.ip,
      });
      throw invalidGrant('The user credentials are incorrect.');
    }
    // The password was right: the counter goes (in parallel with the rest), whatever the scope.
    const cleared = recordSuccess(context.attempts, throttle, counted.attempt);
    let scopes: readonly string[];
    try {
      scopes = grantableScopes(input.scopes, {
        catalogue,
        client: client.scopes,
        user: user.scopes,
        defaults: context.config.defaultScopes,
        firstParty: client.firstParty,
      });
      checkScopesWithinResource(scopes, context.resource);
    } catch (error) {
      await cleared;
      throw error;
    }
    const [, issued] = await Promise.all([cleared, issueWithRefreshToken(context, client, user.id, scopes, context.resource?.uri)]);
    return issued;
  },
};
