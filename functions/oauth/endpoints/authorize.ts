import type { Config } from '../../config.js';
import {
  authorizationRequest,
  authorizationTarget,
  checkUserMayGrant,
  requestParams,
  requireClientId,
  validState,
  type AuthorizationRequest,
  type AuthorizationTarget,
} from './authorization-request.js';
import { issueCode } from './authorization-codes.js';
import { OAuthError, invalidRequest } from '../errors.js';
import { PATHS, pathOf } from '../sessions/paths.js';
import type { AuthorizationStore, ReadPorts, Resource, ScopeCatalogue, Session, TokenStore, User } from '../ports.js';
import { resourceToRead } from '../resources/resource-parameter.js';
import { authorizationResponseUri } from '../clients/redirect-uri.js';
import { catalogueScopeNames, describeScope } from '../scopes.js';
import { csrfMatches, csrfToken, sessionDigest, type BrowserRequest } from '../sessions/session.js';
import { documentClient, type ClientDocumentResolver } from '../clients/document-resolver.js';
import { nowSeconds } from '../../clock.js';
import { afterSignIn, mustSignIn } from '../oidc/authentication-request.js';

export interface AuthorizeDeps extends ReadPorts {
  readonly config: Pick<Config, 'authCodeTtl' | 'defaultScopes'>;
  readonly store: TokenStore;
  readonly authorizations: AuthorizationStore;
  /** Resolves a client_id that is a URL (SPEC §9); without it such an id names no client. */
  readonly clientDocuments?: ClientDocumentResolver;
}

export type AuthorizeOutcome =
  /** Back to the client, with a code or an RFC 6749 §4.1.2.1 error. */
  | { readonly kind: 'redirect'; readonly location: string }
  /**
   * To the login page; it returns to `returnTo` (a path of this server) afterwards.
   * `reauthenticate`: the form even though a session exists (prompt=login, max_age; OIDC Core §3.1.2.1).
   */
  | { readonly kind: 'login'; readonly returnTo: string; readonly reauthenticate?: boolean; readonly loginHint?: string }
  | {
      readonly kind: 'consent';
      readonly request: AuthorizationRequest;
      readonly user: User;
      readonly scopes: readonly { name: string; description: string }[];
      readonly hidden: Record<string, string>;
      readonly csrf: string;
    };

/**
 * GET /oauth/authorize (RFC 6749 §4.1.1). One batch reads the client, the catalogue and the
 * session; a signed-in user costs one more (their record and remembered consent); issuing a
 * code without asking (first-party client, remembered consent) is one write.
 */
export async function authorizeGet(deps: AuthorizeDeps, req: BrowserRequest): Promise<AuthorizeOutcome> {
  const { catalogue, session, target, resource } = await loadTarget(deps, req);
  return redirectingErrors(target, req, async () => {
    const request = authorizationRequest(target, req.params, { catalogue, defaults: deps.config.defaultScopes, resource });
    if (mustSignIn(request.oidc, session, nowSeconds())) return login(request, req.issuer, session !== undefined);
    const who = await deps.batch.load({ user: deps.reads.user(session!.email), consent: deps.reads.consent(session!.userId, target.client.id) });
    if (!who.user || who.user.id !== session!.userId) return login(request, req.issuer);
    checkUserMayGrant(request, who.user);
    const remembered = who.consent && request.scopes.every((s) => who.consent!.scopes.includes(s)) && target.client.registeredBy !== 'metadata_document';
    // prompt=consent asks even when remembered or first-party (OIDC Core §3.1.2.1).
    const ask = request.oidc?.prompt.includes('consent') ?? false;
    if ((target.client.firstParty || remembered) && !ask) {
      return { kind: 'redirect', location: await issueCode(deps, request, who.user, req.issuer, false, session) };
    }
    // prompt=none never shows a page (§3.1.2.6).
    if (request.oidc?.prompt.includes('none')) throw new OAuthError('consent_required', 'The user has not approved this request.');
    return {
      kind: 'consent',
      request,
      user: who.user,
      scopes: request.scopes.map((name) => ({ name, description: describeScope(catalogue, name) })),
      hidden: requestParams(request),
      csrf: csrfToken(req.sessionId!),
    };
  });
}

/**
 * POST /oauth/authorize: the consent form's answer. Everything is validated again from the
 * form (hidden fields are input like any other), then the session and its CSRF token, before
 * the answer can lead anywhere.
 */
export async function authorizePost(deps: AuthorizeDeps, req: BrowserRequest): Promise<AuthorizeOutcome> {
  const { catalogue, session, target, resource } = await loadTarget(deps, req);
  if (!session) return { kind: 'login', returnTo: returnToAuthorize(req.issuer, req.params) };
  // A forged or missing token: an error page, never a redirect the attacker chose the timing of.
  if (!csrfMatches(req.sessionId!, req.params.csrf_token)) {
    throw new OAuthError('invalid_request', 'This form has expired or did not come from this site. Go back and try again.', {
      status: 403,
    });
  }
  return redirectingErrors(target, req, async () => {
    const request = authorizationRequest(target, req.params, { catalogue, defaults: deps.config.defaultScopes, resource });
    const decision = req.params.decision;
    if (decision === 'deny') throw new OAuthError('access_denied', 'The user denied the request.');
    if (decision !== 'approve') throw invalidRequest('decision must be approve or deny.');
    const who = await deps.batch.load({ user: deps.reads.user(session.email) });
    if (!who.user || who.user.id !== session.userId) return login(request, req.issuer);
    checkUserMayGrant(request, who.user);
    return { kind: 'redirect', location: await issueCode(deps, request, who.user, req.issuer, !target.client.firstParty, session) };
  });
}

async function loadTarget(
  deps: AuthorizeDeps,
  req: BrowserRequest,
): Promise<{ catalogue: ScopeCatalogue; session: Session | undefined; target: AuthorizationTarget; resource: Resource | undefined }> {
  const clientId = requireClientId(req.params);
  const digest = sessionDigest(req.sessionId);
  // The resource (RFC 8707) comes in the same batch as the client: no extra round trip.
  const named = resourceToRead(req.params.resource);
  const { client, catalogue, session, resource } = await deps.batch.load({
    client: deps.reads.client(clientId),
    catalogue: deps.reads.catalogue(catalogueScopeNames(req.params.scope)),
    ...(digest ? { session: deps.reads.session(digest) } : {}),
    ...(named !== undefined ? { resource: deps.reads.resource(named) } : {}),
  });
  const known = client ?? (await documentClient(deps.clientDocuments, clientId, req.issuer));
  return { catalogue, session, target: authorizationTarget(req.params, known), resource };
}

/** Once the redirect URI is trusted, the client's mistakes go back to it (RFC 6749 §4.1.2.1). */
async function redirectingErrors(
  target: AuthorizationTarget,
  req: BrowserRequest,
  answer: () => Promise<AuthorizeOutcome>,
): Promise<AuthorizeOutcome> {
  try {
    return await answer();
  } catch (error) {
    if (!(error instanceof OAuthError) || error.status >= 500) throw error;
    return {
      kind: 'redirect',
      location: authorizationResponseUri(target.redirectUri, {
        error: error.code,
        error_description: error.message,
        state: validState(req.params.state),
        iss: req.issuer,
      }),
    };
  }
}

/**
 * To the login page, returning to the request without what the sign-in satisfies (prompt=login,
 * max_age=0). Under prompt=none that is an error instead: login_required (OIDC Core §3.1.2.6).
 */
function login(request: AuthorizationRequest, issuer: string, reauthenticate = false): AuthorizeOutcome {
  if (request.oidc?.prompt.includes('none')) throw new OAuthError('login_required', 'The user is not signed in (or must sign in again).');
  const returnTo = returnToAuthorize(issuer, requestParams({ ...request, oidc: afterSignIn(request.oidc) }));
  const loginHint = request.oidc?.loginHint;
  return { kind: 'login', returnTo, ...(reauthenticate ? { reauthenticate } : {}), ...(loginHint !== undefined ? { loginHint } : {}) };
}

function returnToAuthorize(issuer: string, params: Readonly<Record<string, string>>): string {
  const { csrf_token: _csrf, decision: _decision, ...rest } = params;
  return `${pathOf(issuer, PATHS.authorize)}?${new URLSearchParams(rest).toString()}`;
}
