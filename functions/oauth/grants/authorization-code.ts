import { audit } from '../../log.js';
import { sha256 } from '../crypto.js';
import { invalidGrant, invalidRequest } from '../errors.js';
import { accessTokenResponse, newRefreshFamily } from '../tokens/issue.js';
import { keptResource } from '../resources/resource-parameter.js';
import { parseVerifier, verifierMatches } from './pkce.js';
import type { AuthorizationCode, Read } from '../ports.js';
import type { GrantContext, GrantHandler } from './grant.js';
import { grantIdentity, withIdToken } from '../oidc/id-tokens.js';

interface Input {
  readonly digest: string;
  readonly redirectUri: string | undefined;
  readonly verifier: string | undefined;
}

type Found = {
  readonly code: Read<AuthorizationCode | undefined>;
};

const INVALID = 'The authorization code is invalid, expired, already used or was issued to another client.';

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6). Two round trips: the batch that reads the client
 * and the code, and the transaction that consumes the code and records the grant. Everything
 * the code is bound to — client, redirect URI, verifier — is checked before consuming, so a
 * caller without the verifier cannot burn the code. A second redemption fails and revokes the
 * grant the first one created (§4.1.2; its access tokens carry that grant's id).
 */
export const authorizationCodeGrant: GrantHandler<Input, 'authorization_code', Found> = {
  grantType: 'authorization_code',
  parameters: ['code', 'redirect_uri', 'code_verifier'],
  parse(params) {
    if (params.code === undefined) throw invalidRequest('Missing code.');
    return { digest: sha256(params.code), redirectUri: params.redirect_uri, verifier: parseVerifier(params.code_verifier) };
  },
  reads: (input, _ip, reads) => ({ code: reads.code(input.digest) }),
  async handle(context, client, { code }, input) {
    if (!code || code.clientId !== client.id) throw invalidGrant(INVALID);
    // §4.1.3: the same redirect_uri as the authorization request, which always has one here.
    if (input.redirectUri !== code.redirectUri) {
      throw invalidGrant('redirect_uri is missing or differs from the one in the authorization request.');
    }
    checkPkce(code, input.verifier, client.secrets.length === 0);
    const resource = keptResource(context.resource, code.resource, 'authorization code');
    if (code.consumedAt !== undefined) {
      if (code.grantId) await revokeReplayed(context, code, code.grantId);
      throw invalidGrant(INVALID);
    }

    const family = newRefreshFamily(client.id, code.userId, code.scopes, context.config.refreshTokenTtl, resource);
    const authorization = { ...family.authorization, ...grantIdentity(code) };
    const refresh = family.refresh;
    if (!(await context.codes.redeemCode(code, authorization, refresh.record))) {
      // A concurrent redemption got there first: mark the replay (so one still in flight
      // loses too) and revoke whatever the winner issued.
      const winner = await context.codes.markCodeReplayed(code.digest);
      if (winner) await revokeReplayed(context, code, winner);
      throw invalidGrant(INVALID);
    }
    const response = await accessTokenResponse(context, client, code.userId, code.scopes, authorization.id, refresh.token, resource);
    return withIdToken(context, client, response, { userId: code.userId, scopes: code.scopes, nonce: code.nonce, authTime: code.authTime, sid: code.sid });
  },
};

async function revokeReplayed(context: GrantContext, code: AuthorizationCode, grantId: string): Promise<void> {
  await context.store.revokeGrant(grantId);
  audit('grant.family_revoked', {
    client_id: code.clientId,
    user_id: code.userId,
    grant_id: grantId,
    ip: context.ip,
    reason: 'authorization code reuse',
  });
}

/** RFC 7636 §4.6, and RFC 9700 §2.1.1: a verifier without a challenge is a downgrade attempt. */
function checkPkce(code: AuthorizationCode, verifier: string | undefined, publicClient: boolean): void {
  if (code.codeChallenge === undefined) {
    if (verifier !== undefined) throw invalidGrant('A code_verifier was sent, but the authorization request had no code_challenge.');
    if (publicClient) throw invalidGrant(INVALID);
    return;
  }
  if (verifier === undefined) throw invalidGrant('This code was issued with PKCE: send its code_verifier.');
  if (!verifierMatches(verifier, code.codeChallenge)) throw invalidGrant('The code_verifier does not match the code_challenge.');
}
