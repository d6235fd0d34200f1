import { nowSeconds } from '../../clock.js';
import type { Config } from '../../config.js';
import { ROUTE } from '../../routes.js';
import { ClientAuthenticator, readClientCredentials } from '../clients/authentication.js';
import { randomToken, sha256 } from '../crypto.js';
import { OAuthError, unauthorizedClient } from '../errors.js';
import { DEVICE_CODE_GRANT, type DeviceStore, type ReadPorts } from '../ports.js';
import { catalogueScopeNames, grantableScopes, parseScopeParam } from '../scopes.js';
import { checkScopesWithinResource, parseResourceParameter, registeredResource, resourceToRead } from '../resources/resource-parameter.js';
import { formatUserCode, newUserCode, userCodeDigest } from './user-code.js';

export interface DeviceAuthorizationDeps extends ReadPorts {
  readonly config: Pick<Config, 'deviceCodeTtl' | 'deviceInterval' | 'defaultScopes'>;
  readonly devices: Pick<DeviceStore, 'start'>;
  readonly authenticator: ClientAuthenticator;
}

export interface DeviceAuthorizationRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  readonly issuer: string;
  readonly sourceIp?: string;
}

/** RFC 8628 §3.2. */
export interface DeviceAuthorizationResponse {
  readonly device_code: string;
  readonly user_code: string;
  readonly verification_uri: string;
  readonly verification_uri_complete: string;
  readonly expires_in: number;
  readonly interval: number;
}

/**
 * The parameters of a device authorization request besides client authentication. `resource`
 * (RFC 8707, SPEC §9) is read here and nowhere else: when resources land, this is the one
 * place that passes it on to the stored authorization.
 */
export function deviceRequestParams(params: Readonly<Record<string, string>>): { scopes: string[] | undefined; resource: string | undefined } {
  return { scopes: parseScopeParam(params.scope), resource: params.resource };
}

/**
 * POST /oauth/device/code (RFC 8628 §3.1, §3.2). The client authenticates as at the token
 * endpoint (§3.1: "the client authentication requirements of Section 3.2.1 of RFC 6749"); a
 * public client sends its client_id. One read (client and catalogue), one transaction (the
 * two codes, each stored only as its SHA-256 digest).
 */
export async function deviceAuthorization(deps: DeviceAuthorizationDeps, request: DeviceAuthorizationRequest): Promise<DeviceAuthorizationResponse> {
  const credentials = readClientCredentials(request.authorization, request.params);
  const { scopes: requested, resource: rawResource } = deviceRequestParams(request.params);
  // The resource (RFC 8707) in the same batch as the client.
  const named = resourceToRead(rawResource);
  const found = await deps.batch.load({
    client: deps.reads.client(credentials.clientId),
    catalogue: deps.reads.catalogue(catalogueScopeNames(requested)),
    ...(named !== undefined ? { resource: deps.reads.resource(named) } : {}),
  });
  const client = await deps.authenticator.authenticate(found.client, credentials, request.sourceIp);
  if (!client.grantTypes.includes(DEVICE_CODE_GRANT)) throw unauthorizedClient('This client may not use the device authorization grant.');
  // The person's own permissions are checked when they approve (functions/oauth/device/verification.ts).
  const scopes = grantableScopes(requested, {
    catalogue: found.catalogue,
    client: client.scopes,
    user: null,
    defaults: deps.config.defaultScopes,
    firstParty: client.firstParty,
  });
  const resource = registeredResource(parseResourceParameter(rawResource), found.resource);
  checkScopesWithinResource(scopes, resource);

  const deviceCode = randomToken(32); // §5.2: 256 bits, far beyond guessing within its life
  const createdAt = nowSeconds();
  // A user code can collide with a live one (1 in 2.6·10¹⁰ per live code): draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const userCode = newUserCode();
    const started = await deps.devices.start({
      digest: sha256(deviceCode),
      userCodeDigest: userCodeDigest(userCode),
      clientId: client.id,
      scopes,
      ...(resource ? { resource: resource.uri } : {}),
      createdAt,
      expiresAt: createdAt + deps.config.deviceCodeTtl,
      interval: deps.config.deviceInterval,
      status: 'pending',
    });
    if (!started) continue;
    const verification = `${request.issuer}${ROUTE.device.path}`;
    const shown = formatUserCode(userCode);
    return {
      device_code: deviceCode,
      user_code: shown,
      verification_uri: verification,
      verification_uri_complete: `${verification}?${new URLSearchParams({ user_code: shown }).toString()}`,
      expires_in: deps.config.deviceCodeTtl,
      interval: deps.config.deviceInterval,
    };
  }
  throw new OAuthError('temporarily_unavailable', 'No free user code could be drawn. Try again.');
}
