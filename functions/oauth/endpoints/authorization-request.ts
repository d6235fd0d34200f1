import { OAuthError, invalidRequest, invalidScope, unauthorizedClient } from '../errors.js';
import { isClientId } from '../identifiers.js';
import { parseChallenge } from '../grants/pkce.js';
import type { Client, Resource, ScopeCatalogue, User } from '../ports.js';
import { checkScopesWithinResource, parseResourceParameter, registeredResource } from '../resources/resource-parameter.js';
import { isRegisteredRedirectUri } from '../clients/redirect-uri.js';
import { ACCOUNT_SCOPE, grantableScopes, parseScopeParam } from '../scopes.js';
import { isIdentityScope } from '../oidc/scopes.js';
import { oidcParams, oidcRequest, type OidcRequest } from '../oidc/authentication-request.js';

/** Where an authorization request is answered: known once client_id and redirect_uri check out. */
export interface AuthorizationTarget {
  readonly client: Client;
  readonly redirectUri: string;
}

export interface AuthorizationRequest extends AuthorizationTarget {
  readonly state: string | undefined;
  /** Requested (or default) scopes, within the catalogue and the client's limits. */
  readonly scopes: readonly string[];
  readonly codeChallenge: string | undefined;
  /** The registered resource (RFC 8707) the token will be for: carried in the code. */
  readonly resource?: Resource;
  /** nonce, prompt, max_age, login_hint (OpenID Connect, oidc/authentication-request.ts). */
  readonly oidc?: OidcRequest;
}

/**
 * SPEC §6: `state` goes back exactly as sent, whatever its characters (RFC 6749 §4.1.2: "the
 * exact value received from the client"), percent-encoded in the redirect. Appendix A.5's
 * VSCHAR is not enforced: refusing or dropping anything else breaks the client's CSRF check
 * with no hint why. It is bounded, so a URL stays a URL: a longer one gets an error page.
 */
export const MAX_STATE_BYTES = 2048;

function stateFits(raw: string): boolean {
  return Buffer.byteLength(raw, 'utf8') <= MAX_STATE_BYTES;
}

/** The request's state if it may be echoed: what error redirects send back. */
export function validState(raw: string | undefined): string | undefined {
  return raw !== undefined && stateFits(raw) ? raw : undefined;
}

/** The client_id of a request, checked before any read: without one there is nothing to look up. */
export function requireClientId(params: Readonly<Record<string, string>>): string {
  const clientId = params.client_id;
  if (clientId === undefined) throw new OAuthError('invalid_request', 'The request has no client_id.');
  // One no client could have (SPEC §6): the answer for an unknown client, without a read.
  if (!isClientId(clientId)) throw unknownClient();
  return clientId;
}

const unknownClient = () => new OAuthError('invalid_client', 'The client_id does not name a registered client.', { status: 400 });

/**
 * Step one (RFC 6749 §4.1.2.1): the client and the exact redirect URI. If either is wrong the
 * user gets an error page and is never redirected — the URI cannot be trusted with anything.
 * So does a state too long to echo.
 * The redirect URI is required: it is what the token request must repeat (§4.1.3).
 */
export function authorizationTarget(params: Readonly<Record<string, string>>, client: Client | undefined): AuthorizationTarget {
  if (!client || client.revoked) throw unknownClient();
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined) throw invalidRequest('The request has no redirect_uri.');
  if (!isRegisteredRedirectUri(client, redirectUri)) {
    throw invalidRequest('The redirect_uri is not one registered for this client (redirect URIs must match exactly).');
  }
  // An oversized state cannot be echoed whole, and a redirect without it would fail the
  // client's CSRF check silently: an error page instead (SPEC §6).
  if (params.state !== undefined && !stateFits(params.state)) {
    throw invalidRequest(`The state parameter must be at most ${MAX_STATE_BYTES} bytes.`);
  }
  return { client, redirectUri };
}

/**
 * Step two, answered by redirect once the target is trusted: response type, client's grant,
 * state, scopes within the catalogue and the client's limits, and PKCE (RFC 7636; required
 * for public clients, RFC 9700 §2.1.1, honoured when a confidential client sends it).
 */
export function authorizationRequest(
  target: AuthorizationTarget,
  params: Readonly<Record<string, string>>,
  limits: { catalogue: ScopeCatalogue; defaults: readonly string[]; resource?: Resource | undefined },
): AuthorizationRequest {
  const responseType = params.response_type;
  if (responseType === undefined) throw invalidRequest('The request has no response_type.');
  if (responseType !== 'code') {
    throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported.');
  }
  const { client } = target;
  if (!client.grantTypes.includes('authorization_code')) {
    throw unauthorizedClient('This client may not use the authorization code grant.');
  }
  const state = validState(params.state);
  let requested: string[] | undefined;
  try {
    requested = parseScopeParam(params.scope);
  } catch (error) {
    throw invalidScope((error as Error).message);
  }
  // RFC 8707 §2: answered at the redirect URI, like every mistake once the client is known.
  const resource = registeredResource(parseResourceParameter(params.resource), limits.resource);
  const scopes = grantableScopes(requested, { catalogue: limits.catalogue, client: client.scopes, user: null, defaults: limits.defaults, firstParty: client.firstParty, identity: true });
  checkScopesWithinResource(scopes, resource);
  const codeChallenge = parseChallenge(params.code_challenge, params.code_challenge_method);
  if (codeChallenge === undefined && client.secrets.length === 0) {
    throw invalidRequest('A public client must use PKCE: send code_challenge and code_challenge_method=S256.');
  }
  return { ...target, state, scopes, codeChallenge, oidc: oidcRequest(params), ...(resource ? { resource } : {}) };
}

/** The user's own permissions bound what they can grant (SPEC §5). */
export function checkUserMayGrant(request: AuthorizationRequest, user: User): void {
  for (const scope of request.scopes) {
    if (scope === ACCOUNT_SCOPE || isIdentityScope(scope)) continue; // their own account and identity: not permissions they are given
    if (user.scopes && !user.scopes.includes(scope)) throw invalidScope(`You do not have the scope "${scope}" to grant.`);
  }
}

/** The parameters that reproduce this request: the consent form's hidden fields, a return_to. */
export function requestParams(request: AuthorizationRequest): Record<string, string> {
  return {
    response_type: 'code',
    client_id: request.client.id,
    redirect_uri: request.redirectUri,
    ...(request.scopes.length > 0 ? { scope: request.scopes.join(' ') } : {}),
    ...(request.state !== undefined ? { state: request.state } : {}),
    ...(request.codeChallenge !== undefined ? { code_challenge: request.codeChallenge, code_challenge_method: 'S256' } : {}),
    ...(request.resource !== undefined ? { resource: request.resource.uri } : {}),
    ...oidcParams(request.oidc),
  };
}
