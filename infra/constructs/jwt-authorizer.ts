import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';

/** What a resource server must know of Connect: `ConnectAuthServer` is one, or give the two strings of a Connect deployed elsewhere. */
export interface ConnectIssuer {
  /** The `iss` of Connect's tokens (stack output `IssuerUrl`). */
  readonly issuer: string;
  /** The `aud` of Connect's tokens: AUDIENCE, by default the issuer. */
  readonly audience: string;
}

export interface ConnectJwtAuthorizerOptions {
  readonly authorizerName?: string;
  /** Default: the Authorization header. */
  readonly identitySource?: string[];
  /**
   * The URI this API is registered as with `connect resource:create` (RFC 8707): only tokens
   * bound to it (`aud` = this URI) pass, so a token for another API or for Connect itself does
   * not. Default: none — tokens with Connect's AUDIENCE (`connect.audience`) pass.
   */
  readonly resource?: string;
}

/**
 * An API Gateway JWT authorizer for the user's own HTTP APIs that accepts exactly Connect's
 * access tokens: API Gateway reads `<issuer>/.well-known/openid-configuration` for the JWKS,
 * checks the RS256 signature, `iss`, `aud` and `exp`, and each route's `authorizationScopes`
 * against the `scope` claim.
 *
 * With `resource`, the API accepts only tokens a client asked for with `resource=<that URI>`
 * (docs/mcp.md). API Gateway's own 401 carries no RFC 9728 `resource_metadata` pointer: an MCP
 * server, whose clients need it, checks tokens in its function instead (connect-oauth/resource-server).
 *
 * ```ts
 * const auth = connectJwtAuthorizer('Connect', server);
 * api.addRoutes({ path: '/orders', methods: [HttpMethod.GET], integration, authorizer: auth, authorizationScopes: ['orders:read'] });
 * ```
 */
export function connectJwtAuthorizer(id: string, connect: ConnectIssuer, options: ConnectJwtAuthorizerOptions = {}): HttpJwtAuthorizer {
  return new HttpJwtAuthorizer(id, connect.issuer, {
    jwtAudience: [options.resource ?? connect.audience],
    authorizerName: options.authorizerName,
    identitySource: options.identitySource,
  });
}
