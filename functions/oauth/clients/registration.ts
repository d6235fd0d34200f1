import { OAuthError } from '../errors.js';
import type { Client, GrantType, ScopeCatalogue } from '../ports.js';
import { ACCOUNT_SCOPE, parseScopeParam } from '../scopes.js';
import { checkChoices, checkClientName, checkOptionalUrl, checkRedirectUris, MetadataProblem } from './client-metadata.js';

/**
 * RFC 7591 §2: the client metadata a registration request may state, checked into a client.
 * Registered clients are third-party (never first-party, never resource servers): consent is
 * asked, and their scopes are the catalogue's, bounded by what they ask for (`scope`).
 */

/** SPEC §9: the grant types a registered client may have. The device grant is accepted by value. */
export const REGISTRABLE_GRANTS = ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'] as const;
export const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
export type RegistrationAuthMethod = (typeof AUTH_METHODS)[number];

export interface RegistrationRequest {
  readonly name: string;
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly (typeof REGISTRABLE_GRANTS)[number][];
  readonly authMethod: RegistrationAuthMethod;
  /** `null`: none asked, any catalogue scope (consent still asks the person for each one). */
  readonly scopes: readonly string[] | null;
  readonly clientUri?: string;
  readonly logoUri?: string;
}

/** RFC 7591 §3.2.2: `invalid_redirect_uri` for a redirect URI, `invalid_client_metadata` for the rest. */
function metadataError(problem: MetadataProblem): OAuthError {
  return new OAuthError(problem.field === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata', problem.message);
}

export function parseRegistration(body: unknown, catalogue: ScopeCatalogue): RegistrationRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('invalid_client_metadata', 'The request body must be a JSON object of client metadata (RFC 7591 §3.1).');
  }
  const fields = body as Record<string, unknown>;
  try {
    const grantTypes = checkChoices(fields.grant_types, 'grant_types', REGISTRABLE_GRANTS) ?? ['authorization_code'];
    const redirects = grantTypes.includes('authorization_code');
    // RFC 7591 §2: redirect_uris for redirect-based flows; a device-only client has none.
    const redirectUris = redirects || fields.redirect_uris !== undefined ? checkRedirectUris(fields.redirect_uris) : [];
    const responseTypes = checkChoices(fields.response_types, 'response_types', ['code'] as const);
    if (responseTypes && !redirects) throw new MetadataProblem('response_types', 'response_types "code" needs the authorization_code grant.');
    const method = fields.token_endpoint_auth_method ?? 'none';
    if (!AUTH_METHODS.includes(method as RegistrationAuthMethod)) {
      throw new MetadataProblem('token_endpoint_auth_method', `token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}.`);
    }
    const name = checkClientName(fields.client_name);
    const clientUri = checkOptionalUrl(fields.client_uri, 'client_uri');
    const logoUri = checkOptionalUrl(fields.logo_uri, 'logo_uri');
    return {
      name: name ?? 'Unnamed application',
      redirectUris,
      grantTypes,
      authMethod: method as RegistrationAuthMethod,
      scopes: registrableScopes(fields.scope, catalogue),
      ...(clientUri ? { clientUri } : {}),
      ...(logoUri ? { logoUri } : {}),
    };
  } catch (error) {
    if (error instanceof MetadataProblem) throw metadataError(error);
    throw error;
  }
}

/** `scope` (RFC 7591 §2): space-separated catalogue scopes; `connect:account` is first-party only. */
function registrableScopes(raw: unknown, catalogue: ScopeCatalogue): string[] | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string') throw new MetadataProblem('scope', 'scope must be a string of space-separated scope names.');
  let scopes: string[] | undefined;
  try {
    scopes = parseScopeParam(raw);
  } catch {
    throw new MetadataProblem('scope', 'scope must be a string of space-separated scope names.');
  }
  for (const scope of scopes ?? []) {
    if (scope === ACCOUNT_SCOPE || !catalogue.has(scope)) throw new MetadataProblem('scope', `The scope "${scope.slice(0, 80)}" is not one this server offers.`);
  }
  return scopes ?? [];
}

/** The client as stored: public with `none`, else confidential with the one secret's hash. */
export function registeredClient(request: RegistrationRequest, id: string, secretHash: string | undefined, now: number): Client {
  return {
    id,
    name: request.name,
    kind: request.authMethod === 'none' ? 'public' : 'confidential',
    secrets: secretHash ? [{ hash: secretHash }] : [],
    redirectUris: request.redirectUris,
    grantTypes: request.grantTypes as unknown as GrantType[],
    scopes: request.scopes,
    firstParty: false,
    introspect: false,
    revoked: false,
    createdAt: now,
    registeredBy: 'dynamic_registration',
  };
}

/** RFC 7591 §3.2.1: the client information response, the secret included this once. */
export function registrationResponse(client: Client, request: RegistrationRequest, secret: string | undefined): Record<string, unknown> {
  return {
    client_id: client.id,
    ...(secret !== undefined ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    client_id_issued_at: client.createdAt,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    grant_types: request.grantTypes,
    response_types: request.grantTypes.includes('authorization_code') ? ['code'] : [],
    token_endpoint_auth_method: request.authMethod,
    ...(client.scopes !== null ? { scope: client.scopes.join(' ') } : {}),
    ...(request.clientUri ? { client_uri: request.clientUri } : {}),
    ...(request.logoUri ? { logo_uri: request.logoUri } : {}),
  };
}
