import { ROUTE } from '../../routes.js';
import { GRANT_TYPES, type ScopeCatalogue } from '../ports.js';

/**
 * RFC 8414 authorization server metadata, served at both well-known addresses (SPEC §4).
 * Endpoint URLs are derived from the issuer, so they are right behind a custom domain.
 */
export function serverMetadata(issuer: string, catalogue: ScopeCatalogue): Record<string, unknown> {
  const auth = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer,
    authorization_endpoint: `${issuer}${ROUTE.authorize.path}`,
    token_endpoint: `${issuer}${ROUTE.token.path}`,
    jwks_uri: `${issuer}${ROUTE.jwks.path}`,
    revocation_endpoint: `${issuer}${ROUTE.revoke.path}`,
    introspection_endpoint: `${issuer}${ROUTE.introspect.path}`,
    // RFC 8628 §4.
    device_authorization_endpoint: `${issuer}${ROUTE.deviceAuthorization.path}`,
    scopes_supported: [...catalogue.keys()].sort(),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    // The grant registry is checked against this list (grants/index.ts), so the two agree.
    grant_types_supported: [...GRANT_TYPES],
    token_endpoint_auth_methods_supported: [...auth, 'none'],
    revocation_endpoint_auth_methods_supported: [...auth, 'none'],
    introspection_endpoint_auth_methods_supported: auth,
    code_challenge_methods_supported: ['S256'],
    // RFC 9207: authorization responses carry `iss`.
    authorization_response_iss_parameter_supported: true,
  };
}
