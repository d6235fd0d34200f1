import { OAuthError } from '../errors.js';
import { isClientId } from '../identifiers.js';
import { randomToken } from '../crypto.js';
import { PATHS, urlOf } from '../sessions/paths.js';
import type { ReadPorts } from '../ports.js';
import { passedOn } from '../oidc/seed.js';

/**
 * GET /oauth/request?client=ID (SPEC §4): the seed application's "redirect to the
 * authorization server" route from the Passport docs, served by Connect itself. It builds the
 * authorization request for a registered client — its (first) registered redirect URI,
 * response_type=code and a fresh state — and sends the browser to /oauth/authorize, which then
 * does all the checking. One read. Public clients need PKCE, which only the client can start:
 * for them the authorization endpoint answers invalid_request, as the RFC requires.
 */
export async function seedAuthorizationUrl(
  deps: ReadPorts,
  params: Readonly<Record<string, string>>,
  issuer: string,
): Promise<string> {
  const clientId = params.client;
  if (clientId === undefined) throw new OAuthError('invalid_request', 'Name the client: /oauth/request?client=CLIENT_ID.');
  // A client_id no client could have is not looked up (SPEC §6): the unknown-client answer.
  const client = isClientId(clientId) ? (await deps.batch.load({ client: deps.reads.client(clientId) })).client : undefined;
  if (!client || client.revoked) {
    throw new OAuthError('invalid_client', 'The client does not name a registered client.', { status: 400 });
  }
  const redirectUri = client.redirectUris[0];
  if (!client.grantTypes.includes('authorization_code') || redirectUri === undefined) {
    throw new OAuthError('unauthorized_client', 'This client does not use the authorization code grant.');
  }
  return urlOf(issuer, PATHS.authorize, {
    client_id: client.id,
    redirect_uri: redirectUri,
    response_type: 'code',
    ...(params.scope !== undefined ? { scope: params.scope } : {}),
    ...passedOn(params),
    state: randomToken(),
  });
}
