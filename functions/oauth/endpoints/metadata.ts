import type { ScopeCatalogue } from '../ports.js';

/**
 * RFC 8414 authorization server metadata, served at both well-known addresses (SPEC §4).
 * Endpoint URLs are derived from the issuer, so they are right behind a custom domain.
 */
export function serverMetadata(issuer: string, catalogue: ScopeCatalogue): Record<string, unknown> {
  const auth = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/oauth/jwks`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    scopes_supported: [...catalogue.keys()].sort(),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
    token_endpoint_auth_methods_supported: [...auth, 'none'],
    revocation_endpoint_auth_methods_supported: [...auth, 'none'],
    introspection_endpoint_auth_methods_supported: auth,
    code_challenge_methods_supported: ['S256'],
    // RFC 9207: authorization responses carry `iss`.
    authorization_response_iss_parameter_supported: true,
  };
}
