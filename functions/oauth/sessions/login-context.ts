import { PATHS, pathOf } from './paths.js';
import type { ReadPorts, Session } from '../ports.js';
import { sessionDigest } from './session.js';

/** Client ids are UUIDs: anything else names no client and is not looked up (SPEC §6). */
const CLIENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface LoginContext {
  /** The signed-in session, if the cookie names a live one. */
  readonly session: Session | undefined;
  /** The application that sent the user here: the live client the authorization request names. */
  readonly clientName: string | undefined;
}

/**
 * What the login page needs to know, in one read: whether the visitor is already signed in,
 * and — when the login interrupts an authorization request (`return_to` is /oauth/authorize) —
 * which application asked, so the page can say whom the user is signing in for. The
 * authorization endpoint checks the request again once the user is back, so a forged
 * `return_to` only ever names a registered, live client.
 */
export async function loginContext(
  deps: ReadPorts,
  input: { readonly sessionId: string | undefined; readonly returnTo: string | undefined; readonly issuer: string },
): Promise<LoginContext> {
  const digest = sessionDigest(input.sessionId);
  const clientId = requestingClientId(input.returnTo, input.issuer);
  if (!digest && !clientId) return { session: undefined, clientName: undefined };
  const { session, client } = await deps.batch.load({
    ...(digest ? { session: deps.reads.session(digest) } : {}),
    ...(clientId ? { client: deps.reads.client(clientId) } : {}),
  });
  return { session, clientName: client && !client.revoked ? client.name : undefined };
}

function requestingClientId(returnTo: string | undefined, issuer: string): string | undefined {
  if (returnTo === undefined) return undefined;
  const url = new URL(returnTo, issuer);
  if (url.pathname !== pathOf(issuer, PATHS.authorize)) return undefined;
  const id = url.searchParams.get('client_id') ?? '';
  return CLIENT_ID.test(id) ? id : undefined;
}
