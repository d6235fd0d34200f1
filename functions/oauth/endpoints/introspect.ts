import { ClientAuthenticator, invalidClient, readClientCredentials } from '../clients/authentication.js';
import { sha256 } from '../crypto.js';
import { invalidRequest } from '../errors.js';
import { grantIdOf, inRotationGrace } from '../tokens/issue.js';
import type { KeyRing } from '../tokens/keyring.js';
import type { Client, ReadPorts } from '../ports.js';
import { anyAudienceToken, expectedToken, looksLikeJwt, verifyAccessToken } from '../tokens/access-tokens.js';
import { audienceToRead, withKnownAudience } from '../resources/token-audience.js';

export interface IntrospectionDeps extends ReadPorts {
  readonly keys: KeyRing;
  readonly authenticator: ClientAuthenticator;
  readonly refreshGraceSeconds: number;
  readonly config: { readonly audience: string | undefined };
}

export type IntrospectionResponse = { active: false } | ({ active: true } & Record<string, unknown>);

const INACTIVE: IntrospectionResponse = { active: false };

/**
 * POST /oauth/introspect (RFC 7662). Any authenticated confidential client may ask about its
 * own tokens; only a resource server (`--introspect`) or a first-party client about tokens
 * issued to other clients — anyone else gets `active: false` for those (§4: the answer must
 * not let a client probe tokens it has no business with, nor test a stolen refresh token).
 * Everything needed — the caller, the token's client, its
 * grant and its deny-list entry — is read in one round trip. Inactive (§2.2) for anything
 * expired, revoked, of a revoked client or grant, or simply unknown.
 */
export async function introspect(
  deps: IntrospectionDeps,
  request: { params: Readonly<Record<string, string>>; authorization: string | undefined; issuer: string; sourceIp?: string },
): Promise<IntrospectionResponse> {
  const token = request.params.token;
  const credentials = readClientCredentials(request.authorization, request.params);
  if (token === undefined) throw invalidRequest('Missing token.');
  // An access token (a JWT, three parts) and a refresh token (`<grant>.<random>`, two parts)
  // cannot be mistaken for each other, so token_type_hint (§2.1) never changes the answer.
  if (looksLikeJwt(token)) {
    // AUDIENCE, or a registered resource (RFC 8707) read in the same batch: a token bound to a
    // resource is still ours to describe, and its `aud` tells the resource server it is for it.
    const verified = await verifyAccessToken(deps.keys, token, anyAudienceToken(request.issuer));
    const audience = expectedToken(deps.config, request.issuer).audience!;
    const named = audienceToRead(verified, audience);
    const found = await deps.batch.load({
      caller: deps.reads.client(credentials.clientId),
      ...(verified ? { owner: deps.reads.client(verified.client_id), revoked: deps.reads.revokedJti(verified.jti) } : {}),
      ...(verified?.gid ? { grant: deps.reads.grant(verified.gid) } : {}),
      ...(named !== undefined ? { resource: deps.reads.resource(named) } : {}),
    });
    const claims = withKnownAudience(verified, audience, found.resource);
    const caller = await authenticateCaller(deps, found.caller, credentials, request.sourceIp);
    if (!claims || !mayIntrospect(caller, claims.client_id)) return INACTIVE;
    if (found.revoked || !live(found.owner)) return INACTIVE;
    if (claims.gid && (!found.grant || found.grant.revoked)) return INACTIVE;
    return {
      active: true,
      token_type: 'Bearer',
      scope: claims.scope ?? '',
      client_id: claims.client_id,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      iat: claims.iat,
      exp: claims.exp,
    };
  }

  const grantId = grantIdOf(token);
  const found = await deps.batch.load({
    caller: deps.reads.client(credentials.clientId),
    ...(grantId ? { grant: deps.reads.grant(grantId), refresh: deps.reads.refresh(sha256(token)) } : {}),
  });
  const caller = await authenticateCaller(deps, found.caller, credentials, request.sourceIp);
  const { refresh, grant } = found;
  if (!refresh || !mayIntrospect(caller, refresh.clientId) || !grant || grant.revoked) return INACTIVE;
  if (refresh.rotatedAt !== undefined && !inRotationGrace(refresh, deps.refreshGraceSeconds)) return INACTIVE;
  // The refresh token's client was not in the batch unless it is the caller: one more read only then.
  const owner =
    refresh.clientId === credentials.clientId
      ? found.caller
      : (await deps.batch.load({ owner: deps.reads.client(refresh.clientId) })).owner;
  if (!live(owner)) return INACTIVE;
  return {
    active: true,
    token_type: 'refresh_token',
    scope: refresh.scopes.join(' '),
    client_id: refresh.clientId,
    sub: grant.userId,
    ...(grant.resource !== undefined ? { aud: grant.resource } : {}),
    iss: request.issuer,
    iat: refresh.createdAt,
    exp: refresh.expiresAt,
  };
}

async function authenticateCaller(
  deps: IntrospectionDeps,
  stored: Client | undefined,
  credentials: ReturnType<typeof readClientCredentials>,
  ip: string | undefined,
): Promise<Client> {
  const caller = await deps.authenticator.authenticate(stored, credentials, ip);
  if (caller.secrets.length === 0) {
    throw invalidClient('Only confidential clients may introspect tokens.', credentials.method === 'client_secret_basic');
  }
  return caller;
}

/** SPEC §6: its own tokens, or any token for a resource server or a first-party client. */
function mayIntrospect(caller: Client, tokenClientId: string): boolean {
  return caller.id === tokenClientId || caller.introspect || caller.firstParty;
}

function live(client: Client | undefined): boolean {
  return !!client && !client.revoked;
}
