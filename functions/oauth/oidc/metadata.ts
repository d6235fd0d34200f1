import { ROUTE } from '../../routes.js';
import { serverMetadata } from '../endpoints/metadata.js';
import type { ScopeCatalogue } from '../ports.js';
import { IDENTITY_SCOPES, SCOPE_CLAIMS } from './scopes.js';

/** The claims an id_token or the userinfo endpoint may carry (OIDC Core §2, §5.1). */
const CLAIMS = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'sid', ...Object.values(SCOPE_CLAIMS).flat().filter((c) => c !== 'sub')];

/**
 * OpenID Provider metadata (OpenID Connect Discovery 1.0 §3) at
 * `/.well-known/openid-configuration`: the RFC 8414 document plus what OpenID requires
 * (`subject_types_supported`, `id_token_signing_alg_values_supported`, `userinfo_endpoint`)
 * and what this provider offers (RP-Initiated Logout 1.0 §2.1 `end_session_endpoint`).
 * `/.well-known/oauth-authorization-server` keeps the plain OAuth document.
 */
export function openIdMetadata(issuer: string, catalogue: ScopeCatalogue): Record<string, unknown> {
  const oauth = serverMetadata(issuer, catalogue);
  return {
    ...oauth,
    userinfo_endpoint: `${issuer}${ROUTE.userinfo.path}`,
    end_session_endpoint: `${issuer}${ROUTE.endSession.path}`,
    scopes_supported: [...new Set([...(oauth.scopes_supported as string[]), ...IDENTITY_SCOPES.keys()])].sort(),
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    userinfo_signing_alg_values_supported: ['none'],
    claims_supported: CLAIMS,
    claim_types_supported: ['normal'],
    prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}
