import { compactVerify, decodeProtectedHeader } from 'jose';
import { OAuthError, invalidRequest } from '../errors.js';
import { isClientId } from '../identifiers.js';
import { authorizationResponseUri, formActionSource } from '../clients/redirect-uri.js';
import { ACCESS_TOKEN_TYP } from '../tokens/access-tokens.js';
import type { KeyRing } from '../tokens/keyring.js';
import type { AuthorizationStore, Client, ReadPorts, Session } from '../ports.js';
import { csrfMatches, csrfToken, sessionDigest, type BrowserRequest } from '../sessions/session.js';

export interface EndSessionDeps extends ReadPorts {
  readonly keys: Pick<KeyRing, 'verificationKey'>;
  readonly authorizations: Pick<AuthorizationStore, 'deleteSession'>;
}

export type EndSessionOutcome =
  /** Signed out (or was not signed in): back to the client's registered URI, with its state. */
  | { readonly kind: 'redirect'; readonly location: string }
  /** Signed out, no place to return to: the signed-out page. */
  | { readonly kind: 'signed-out' }
  /** Not sure the request comes from the user's own app: ask first (a CSRF-protected POST). */
  | { readonly kind: 'confirm'; readonly hidden: Record<string, string>; readonly csrf: string; readonly formTarget: string | undefined; readonly clientName: string | undefined };

/**
 * GET /oauth/end-session (OpenID Connect RP-Initiated Logout 1.0 §2). With an `id_token_hint`
 * of ours (our signature and issuer; an expired one is accepted, §4) naming the signed-in
 * user, the session ends at once: its item deleted, the cookie cleared. Without one — a GET
 * anyone can trigger from another site — the user is asked first (§2 lets the OP ask; the
 * answer is a POST carrying the session's CSRF token). `post_logout_redirect_uri` must be
 * registered for the client (the hint's `aud`, or `client_id`), else an error page, never a
 * redirect (§3.1); `state` goes back with it.
 */
export async function endSession(deps: EndSessionDeps, request: BrowserRequest): Promise<EndSessionOutcome> {
  const hint = request.params.id_token_hint !== undefined ? await verifyHint(deps, request.params.id_token_hint, request.issuer) : undefined;
  const clientId = clientOf(request.params, hint);
  const { client, session } = await load(deps, clientId, request.sessionId);
  const back = returnUri(request.params, client);
  if (session && !(hint && hint.sub === session.userId)) {
    return {
      kind: 'confirm',
      hidden: {
        ...(clientId !== undefined ? { client_id: clientId } : {}),
        ...(back ? { post_logout_redirect_uri: request.params.post_logout_redirect_uri! } : {}),
        ...(back && request.params.state !== undefined ? { state: request.params.state } : {}),
      },
      csrf: csrfToken(request.sessionId!),
      formTarget: back ? formActionSource(request.params.post_logout_redirect_uri!) : undefined,
      clientName: client && !client.revoked ? client.name : undefined,
    };
  }
  if (session) await deps.authorizations.deleteSession(session.digest);
  return back ? { kind: 'redirect', location: back } : { kind: 'signed-out' };
}

/** POST /oauth/end-session: the confirmation form's answer. The CSRF token is checked before anything is read. */
export async function confirmEndSession(deps: EndSessionDeps, request: BrowserRequest): Promise<EndSessionOutcome> {
  if (request.sessionId !== undefined && !csrfMatches(request.sessionId, request.params.csrf_token)) {
    throw new OAuthError('invalid_request', 'This form has expired or did not come from this site. Go back and try again.', { status: 403 });
  }
  const clientId = clientOf(request.params, undefined);
  const { client, session } = await load(deps, clientId, request.sessionId);
  const back = returnUri(request.params, client);
  if (session) await deps.authorizations.deleteSession(session.digest);
  return back ? { kind: 'redirect', location: back } : { kind: 'signed-out' };
}

interface Hint {
  readonly sub: string;
  readonly aud: string;
}

/**
 * §2: "the OP MUST validate that it was the issuer of the ID Token". Our signature (a key in
 * our JWKS) and our `iss`; `exp` is not checked (§4: expired hints are normal here). An access
 * token (typ at+jwt) is not an id_token.
 */
async function verifyHint(deps: Pick<EndSessionDeps, 'keys'>, token: string, issuer: string): Promise<Hint> {
  const refused = () => invalidRequest('The id_token_hint is not an ID Token issued by this server.');
  let payload: Record<string, unknown>;
  try {
    const { kid, alg, typ } = decodeProtectedHeader(token);
    if (!kid || alg !== 'RS256' || typ === ACCESS_TOKEN_TYP) throw refused();
    const key = await deps.keys.verificationKey(kid);
    if (!key) throw refused();
    const verified = await compactVerify(token, key, { algorithms: ['RS256'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    throw refused();
  }
  const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  if (payload.iss !== issuer || typeof payload.sub !== 'string' || typeof aud !== 'string') throw refused();
  return { sub: payload.sub, aud };
}

function clientOf(params: Readonly<Record<string, string>>, hint: Hint | undefined): string | undefined {
  const named = params.client_id;
  // §2: when both are sent, they must agree.
  if (hint && named !== undefined && named !== hint.aud) throw invalidRequest('client_id does not match the id_token_hint.');
  const id = hint?.aud ?? named;
  return id !== undefined && isClientId(id) ? id : undefined;
}

/** The client and the session, in one BatchGetItem (none when there is neither). */
async function load(deps: ReadPorts, clientId: string | undefined, sessionId: string | undefined): Promise<{ client?: Client | undefined; session?: Session | undefined }> {
  const digest = sessionDigest(sessionId);
  return deps.batch.load({
    ...(clientId !== undefined ? { client: deps.reads.client(clientId) } : {}),
    ...(digest !== undefined ? { session: deps.reads.session(digest) } : {}),
  });
}

/** §3.1: only a URI registered for that client, compared exactly; anything else is an error page. */
function returnUri(params: Readonly<Record<string, string>>, client: Client | undefined): string | undefined {
  const uri = params.post_logout_redirect_uri;
  if (uri === undefined) return undefined;
  if (!client || client.revoked) throw invalidRequest('post_logout_redirect_uri needs an id_token_hint or client_id naming a registered client.');
  if (!(client.postLogoutRedirectUris ?? []).includes(uri)) {
    throw invalidRequest('The post_logout_redirect_uri is not one registered for this client (they must match exactly).');
  }
  return params.state === undefined ? uri : authorizationResponseUri(uri, { state: params.state });
}
