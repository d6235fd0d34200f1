import { nowSeconds } from '../../clock.js';
import type { Config } from '../../config.js';
import type { AuthorizationRequest } from './authorization-request.js';
import { randomToken, sha256 } from '../crypto.js';
import type { AuthorizationStore, Session, User } from '../ports.js';
import { codeIdentity } from '../oidc/id-tokens.js';
import { authorizationResponseUri } from '../clients/redirect-uri.js';

/** What issuing a code needs: narrower than the authorize endpoint's dependencies. */
export interface CodeDeps {
  readonly config: Pick<Config, 'authCodeTtl'>;
  readonly authorizations: Pick<AuthorizationStore, 'saveCode'>;
}

/**
 * RFC 6749 §4.1.2: a single-use code of 256 random bits, stored only as its SHA-256 digest,
 * living AUTH_CODE_TTL_SECONDS (10 min), bound to the client, redirect URI, user, scopes and
 * PKCE challenge. With `remember`, the approval is recorded in the same transaction, so a
 * user is not asked again (SPEC §6). Returns the redirect back to the client.
 */
export async function issueCode(
  deps: CodeDeps,
  request: AuthorizationRequest,
  user: User,
  issuer: string,
  remember: boolean,
  session?: Session,
): Promise<string> {
  const code = randomToken();
  const createdAt = nowSeconds();
  await deps.authorizations.saveCode(
    {
      digest: sha256(code),
      clientId: request.client.id,
      redirectUri: request.redirectUri,
      userId: user.id,
      scopes: request.scopes,
      ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
      ...(request.resource ? { resource: request.resource.uri } : {}),
      createdAt,
      expiresAt: createdAt + deps.config.authCodeTtl,
      ...codeIdentity(request, session),
    },
    remember ? { userId: user.id, clientId: request.client.id, scopes: request.scopes, updatedAt: createdAt } : undefined,
  );
  // RFC 9207 §2: `iss` in every authorization response, so the client can detect mix-ups.
  return authorizationResponseUri(request.redirectUri, { code, state: request.state, iss: issuer });
}
