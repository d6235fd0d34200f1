import type { Config } from '../../config.js';
import { ClientAuthenticator, readClientCredentials } from '../clients/authentication.js';
import { authenticatingDocumentClient, type ClientDocumentResolver } from '../clients/document-resolver.js';
import type { ClientCache } from '../clients/cache.js';
import { OAuthError, invalidRequest, unauthorizedClient } from '../errors.js';
import type { GrantPorts, GrantReads, TokenResponse } from '../grants/grant.js';
import { grantHandler } from '../grants/index.js';
import type { KeyRing } from '../tokens/keyring.js';
import type { AttemptStore, GrantType, ReadPorts, TokenStore, UserRepository } from '../ports.js';
import { parseResourceParameter, registeredResource, resourceToRead } from '../resources/resource-parameter.js';

/** The parameters every grant may read besides its own (RFC 6749 §3.3, §2.3.1). */
const COMMON_PARAMETERS = ['grant_type', 'scope', 'client_id', 'client_secret', 'resource'];

export interface TokenEndpointDeps extends ReadPorts {
  readonly config: Config;
  readonly store: TokenStore;
  readonly attempts: AttemptStore;
  readonly keys: KeyRing;
  readonly authorizations: GrantPorts['codes'];
  readonly users: Pick<UserRepository, 'getById'>;
  readonly devices: GrantPorts['devices'];
  readonly authenticator: ClientAuthenticator;
  /** Verified clients served from memory for CLIENT_CACHE_SECONDS (SPEC §6); only here. */
  readonly clientCache: ClientCache;
  /** Resolves a client_id that is a URL (SPEC §9). */
  readonly clientDocuments?: ClientDocumentResolver;
}

export interface TokenRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly issuer: string;
  readonly sourceIp?: string;
}

/**
 * POST /oauth/token (RFC 6749 §3.2). Parses, reads the client and everything the grant needs
 * in one round trip, authenticates the client, then hands over to the grant's module. A client
 * this container verified less than CLIENT_CACHE_SECONDS ago is served from memory
 * (clients/cache.ts, SPEC §6): the batch read leaves it out, and a client-credentials token
 * then reads nothing but the scope catalogue.
 */
export async function tokenEndpoint(deps: TokenEndpointDeps, request: TokenRequest): Promise<TokenResponse> {
  const { params } = request;
  const grantType = params.grant_type;
  if (grantType === undefined) throw invalidRequest('Missing grant_type.');
  const grant = grantHandler(grantType);
  if (!grant) throw new OAuthError('unsupported_grant_type', `The grant type "${grantType}" is not supported.`);

  const credentials = readClientCredentials(request.authorization, params);
  const known = new Set([...COMMON_PARAMETERS, ...grant.parameters]);
  const input = grant.parse(Object.fromEntries(Object.entries(params).filter(([name]) => known.has(name))));
  // Every grant signs. In a cold container (or once the key cache is 10 s old) the signing key
  // loads — a Query, and on AWS a KMS Decrypt — while the batch read and argon2 run, instead
  // of after them; warm, this is a cache hit. The grant's own signer() call joins this load.
  deps.keys.signer().catch(() => undefined);
  const ip = request.sourceIp ?? 'unknown';
  const cached = deps.clientCache.get(credentials.clientId);
  const hit = cached !== undefined && deps.authenticator.verifiedInMemory(cached, credentials) ? cached : undefined;
  const readAt = Date.now();
  const reads: GrantReads = grant.reads(input, ip, deps.reads);
  // The resource (RFC 8707) rides in the same batch as the client: no round trip of its own.
  const named = resourceToRead(params.resource);
  const found = await deps.batch.load({
    ...reads,
    ...(hit ? {} : { client: deps.reads.client(credentials.clientId) }),
    ...(named !== undefined ? { resource: deps.reads.resource(named) } : {}),
  });
  let client = hit;
  if (!client) {
    // A miss (or a cached record this secret does not match) authenticates from the fresh
    // record, and only a success is remembered: a failure is never cached.
    client = await deps.authenticator.authenticate(found.client ?? (await authenticatingDocumentClient(deps.clientDocuments, credentials, request.issuer)), credentials, ip);
    deps.clientCache.remember(client, readAt);
  }
  if (!client.grantTypes.includes(grantType as GrantType)) {
    throw unauthorizedClient(`This client may not use the ${grantType} grant.`);
  }
  // RFC 8707 §2: after the client is known, so a client hears about its credentials first.
  const resource = registeredResource(parseResourceParameter(params.resource), found.resource);
  const context = {
    config: deps.config,
    issuer: request.issuer,
    audience: deps.config.audience ?? request.issuer,
    store: deps.store,
    attempts: deps.attempts,
    keys: deps.keys,
    codes: deps.authorizations,
    users: deps.users,
    devices: deps.devices,
    grantType: grantType as GrantType,
    ip,
    ...(resource ? { resource } : {}),
  };
  return grant.handle(context, client, found, input);
}
