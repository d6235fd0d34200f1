import type { Config } from '../config.js';
import { ClientAuthenticator, readClientCredentials } from './client-auth.js';
import { OAuthError, invalidRequest, unauthorizedClient } from './errors.js';
import type { AnyGrant, TokenResponse } from './grants/grant.js';
import type { KeyRing } from './keyring.js';
import type { AttemptStore, GrantType, TokenStore } from './ports.js';

export interface TokenEndpointDeps {
  readonly config: Config;
  readonly store: TokenStore;
  readonly attempts: AttemptStore;
  readonly keys: KeyRing;
  readonly grants: ReadonlyMap<string, AnyGrant>;
  readonly authenticator: ClientAuthenticator;
}

export interface TokenRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly issuer: string;
  readonly sourceIp?: string;
}

/**
 * POST /oauth/token (RFC 6749 §3.2). Parses, reads the client and everything the grant needs
 * in one round trip, authenticates the client, then hands over to the grant's module.
 */
export async function tokenEndpoint(deps: TokenEndpointDeps, request: TokenRequest): Promise<TokenResponse> {
  const { params } = request;
  const grantType = params.grant_type;
  if (grantType === undefined) throw invalidRequest('Missing grant_type.');
  const grant = deps.grants.get(grantType);
  if (!grant) throw new OAuthError('unsupported_grant_type', `The grant type "${grantType}" is not supported.`);

  const credentials = readClientCredentials(request.authorization, params);
  const input = grant.parse(params);
  // Every grant signs. In a cold container (or once the key cache is 10 s old) the signing key
  // loads — a Query, and on AWS a KMS Decrypt — while the batch read and argon2 run, instead
  // of after them; warm, this is a cache hit. The grant's own signer() call joins this load.
  deps.keys.signer().catch(() => undefined);
  const ip = request.sourceIp ?? 'unknown';
  const snapshot = await deps.store.load({ ...grant.reads(input, ip), clientIds: [credentials.clientId] });
  const client = await deps.authenticator.authenticate(snapshot.clients.get(credentials.clientId), credentials, ip);
  if (!client.grantTypes.includes(grantType as GrantType)) {
    throw unauthorizedClient(`This client may not use the ${grantType} grant.`);
  }
  const context = {
    config: deps.config,
    issuer: request.issuer,
    audience: deps.config.audience ?? request.issuer,
    store: deps.store,
    attempts: deps.attempts,
    keys: deps.keys,
    grantType: grantType as GrantType,
    ip,
  };
  return grant.handle(context, client, snapshot, input);
}
