import { audit } from '../../log.js';
import { ClientAuthenticator, readClientCredentials } from '../clients/authentication.js';
import { sha256 } from '../crypto.js';
import { authenticatingDocumentClient, type ClientDocumentResolver } from '../clients/document-resolver.js';
import { invalidRequest, OAuthError } from '../errors.js';
import { grantIdOf } from '../tokens/issue.js';
import type { KeyRing } from '../tokens/keyring.js';
import type { ReadPorts, TokenStore } from '../ports.js';
import { anyAudienceToken, expectedToken, looksLikeJwt, verifyAccessToken } from '../tokens/access-tokens.js';
import { audienceToRead, withKnownAudience } from '../resources/token-audience.js';

export interface RevocationDeps extends ReadPorts {
  readonly store: TokenStore;
  readonly keys: KeyRing;
  readonly authenticator: ClientAuthenticator;
  readonly config: { readonly audience: string | undefined };
  /** Resolves a client_id that is a URL (SPEC §9). */
  readonly clientDocuments?: ClientDocumentResolver;
}

const notYours = () => new OAuthError('unauthorized_client', 'The token was not issued to this client.');

/**
 * POST /oauth/revoke (RFC 7009). The client authenticates; it may revoke only its own tokens
 * (§2.1); an unknown, expired or malformed token still gets 200 (§2.2), since the goal —
 * that token not working — holds. An access token goes on the deny-list by `jti` until its
 * `exp`; a refresh token revokes its grant, and with it every access token of the family.
 */
export async function revoke(
  deps: RevocationDeps,
  request: { params: Readonly<Record<string, string>>; authorization: string | undefined; issuer: string; sourceIp?: string },
): Promise<void> {
  const token = request.params.token;
  if (token === undefined) throw invalidRequest('Missing token.');
  const credentials = readClientCredentials(request.authorization, request.params);

  // The token's form tells its type for certain; token_type_hint (§2.1) is then only a hint.
  if (looksLikeJwt(token)) {
    // Verifying is local (the keys are cached), so the token's grant can join the one read.
    // Its `aud` is AUDIENCE or a registered resource (RFC 8707), read in the same batch.
    const verified = await verifyAccessToken(deps.keys, token, anyAudienceToken(request.issuer));
    const audience = expectedToken(deps.config, request.issuer).audience!;
    const named = audienceToRead(verified, audience);
    const found = await deps.batch.load({
      client: deps.reads.client(credentials.clientId),
      ...(verified?.gid ? { grant: deps.reads.grant(verified.gid) } : {}),
      ...(named !== undefined ? { resource: deps.reads.resource(named) } : {}),
    });
    const claims = withKnownAudience(verified, audience, found.resource);
    const client = await deps.authenticator.authenticate(found.client ?? (await authenticatingDocumentClient(deps.clientDocuments, credentials, request.issuer)), credentials, request.sourceIp);
    if (!claims) return;
    if (claims.client_id !== client.id) throw notYours();
    // A personal access token is its grant: revoking the grant also takes it off the user's list.
    if (found.grant?.kind === 'personal') await deps.store.revokeGrant(found.grant.id);
    else await deps.store.revokeJti(claims.jti, claims.exp);
    audit('token.revoked', { client_id: client.id, user_id: claims.gid ? claims.sub : undefined, jti: claims.jti, ip: request.sourceIp });
    return;
  }

  const grantId = grantIdOf(token);
  const { client: stored, refresh, grant } = await deps.batch.load({
    client: deps.reads.client(credentials.clientId),
    ...(grantId ? { grant: deps.reads.grant(grantId), refresh: deps.reads.refresh(sha256(token)) } : {}),
  });
  const client = await deps.authenticator.authenticate(stored ?? (await authenticatingDocumentClient(deps.clientDocuments, credentials, request.issuer)), credentials, request.sourceIp);
  if (!refresh || !grant || grant.revoked) return;
  if (refresh.clientId !== client.id) throw notYours();
  await deps.store.revokeGrant(grant.id);
  audit('token.revoked', { client_id: client.id, user_id: grant.userId, grant_id: grant.id, ip: request.sourceIp });
}
