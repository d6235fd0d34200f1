import { audit } from '../../log.js';
import { invalidGrant, invalidRequest } from '../errors.js';
import { accessTokenResponse, grantIdOf, inRotationGrace, newRefreshToken } from '../tokens/issue.js';
import { sha256 } from '../crypto.js';
import { narrowedScopes, parseScopeParam } from '../scopes.js';
import { keptResource } from '../resources/resource-parameter.js';
import type { Authorization, Read, RefreshToken } from '../ports.js';
import type { GrantHandler } from './grant.js';
import { withIdToken } from '../oidc/id-tokens.js';

interface Input {
  readonly token: string;
  readonly grantId: string | undefined;
  readonly scopes: string[] | undefined;
}

/** Nothing but the client when the token is not even shaped like one of ours. */
type Found = {
  readonly grant?: Read<Authorization | undefined>;
  readonly refresh?: Read<RefreshToken | undefined>;
};

const INVALID = 'The refresh token is invalid, expired or revoked.';

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): each use returns a new refresh token and
 * retires the old one in one transaction, so of concurrent uses exactly one wins. A retired
 * token used again revokes its whole family — unless within REFRESH_GRACE_SECONDS of its
 * rotation, where a retry gets a new pair in the same family (apps that refresh in parallel).
 */
export const refreshTokenGrant: GrantHandler<Input, 'refresh_token', Found> = {
  grantType: 'refresh_token',
  parameters: ['refresh_token'],
  parse(params) {
    const token = params.refresh_token;
    if (token === undefined) throw invalidRequest('Missing refresh_token.');
    return { token, grantId: grantIdOf(token), scopes: parseScopeParam(params.scope) };
  },
  reads: (input, _ip, reads): Found => (input.grantId ? { grant: reads.grant(input.grantId), refresh: reads.refresh(sha256(input.token)) } : {}),
  async handle(context, client, { refresh, grant }, input) {
    if (!input.grantId || !refresh || refresh.clientId !== client.id) throw invalidGrant(INVALID);
    if (!grant || grant.revoked || grant.clientId !== client.id || refresh.grantId !== grant.id) {
      throw invalidGrant(INVALID);
    }
    const resource = keptResource(context.resource, grant.resource, 'refresh token');
    let graceOf: number | undefined;
    if (refresh.rotatedAt !== undefined) {
      if (inRotationGrace(refresh, context.config.refreshGraceSeconds)) {
        graceOf = refresh.rotatedAt;
      } else {
        // Reuse of a rotated token: someone holds a copy. Revoke the family (RFC 9700 §4.14.2).
        await context.store.revokeGrant(grant.id);
        audit('grant.family_revoked', { client_id: client.id, user_id: grant.userId, grant_id: grant.id, ip: context.ip, reason: 'refresh token reuse' });
        throw invalidGrant(INVALID);
      }
    }
    const scopes = narrowedScopes(input.scopes, refresh.scopes);
    const next = newRefreshToken(grant.id, client.id, refresh.scopes, context.config.refreshTokenTtl);
    const won = await context.store.rotateRefresh(refresh, next.record, graceOf === undefined ? {} : { graceOf });
    // A lost race: a concurrent request rotated this token first (or the grant was just revoked).
    if (!won) throw invalidGrant(INVALID);
    const response = await accessTokenResponse(context, client, grant.userId, scopes, grant.id, next.token, resource);
    // OIDC Core §12.2: a refresh of an `openid` grant returns a new id_token for the same sign-in.
    return withIdToken(context, client, response, { userId: grant.userId, scopes, authTime: grant.authTime, sid: grant.sid });
  },
};
