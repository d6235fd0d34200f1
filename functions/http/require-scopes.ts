import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import {
  bearerToken,
  challenge,
  protectedResourceMetadataUrl,
  scopesOf,
  verifyConnectToken,
  type ResourceResponse,
} from '../resource-server/protected-resource.js';

/**
 * `requireScopes(...)`: a middy middleware for the user's own Lambda resource servers. It
 * accepts a request only with a Connect access token (RFC 9068: signature from the issuer's
 * JWKS, `typ: at+jwt`, `iss`, `aud`, `exp`) carrying every scope named, and answers like
 * RFC 6750 §3 otherwise: 401 without a usable token, 403 `insufficient_scope` without a scope.
 *
 * Tokens are self-contained, so a revoked token passes until it expires (1 h by default);
 * a resource server that must see revocations at once asks `/oauth/introspect` instead.
 */
export interface RequireScopesOptions {
  /** The Connect issuer: the stack output `IssuerUrl`, e.g. `https://auth.example.com`. */
  readonly issuer: string;
  /** The `aud` to accept. Default: `resource` if given, else the issuer (Connect's default AUDIENCE). */
  readonly audience?: string;
  /**
   * This API's URI as registered with `connect resource:create` (RFC 8707): tokens must be
   * for it (`aud`), and every 401/403 names its RFC 9728 metadata document
   * (`resource_metadata`, served by `protectedResource(...)` of connect-oauth/resource-server).
   */
  readonly resource?: string;
  /** Default: `<issuer>/oauth/jwks`. */
  readonly jwksUri?: string;
  /** `realm` of the WWW-Authenticate challenge (RFC 6750 §3). Default: none. */
  readonly realm?: string;
  /** Clock skew tolerated on `exp`/`iat`, in seconds. Default: 5. */
  readonly clockToleranceSeconds?: number;
}

/** What a handler behind `requireScopes` finds on `context.auth`. */
export interface VerifiedAccessToken {
  readonly subject: string;
  readonly clientId: string | undefined;
  readonly scopes: readonly string[];
  readonly claims: JWTPayload;
}

export type AuthorizedContext = Context & { auth: VerifiedAccessToken };

type Result = APIGatewayProxyStructuredResultV2;

function asResult(response: ResourceResponse): Result {
  return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
}

export function requireScopes(
  scopes: string | readonly string[],
  options: RequireScopesOptions,
): MiddlewareObj<APIGatewayProxyEventV2, Result, Error, AuthorizedContext> {
  const required = typeof scopes === 'string' ? scopes.split(' ').filter(Boolean) : [...scopes];
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwksUri = options.jwksUri ?? `${issuer}/oauth/jwks`;
  const audience = options.audience ?? options.resource ?? issuer;
  const resourceMetadata = options.resource ? protectedResourceMetadataUrl(options.resource) : undefined;
  const expected = { issuer, audience, jwksUri, clockToleranceSeconds: options.clockToleranceSeconds ?? 5 };
  const deny = (status: 401 | 403, error?: string, description?: string, scope?: string) =>
    asResult(challenge(status, { realm: options.realm, resourceMetadata, error, description, scope }));
  return {
    before: async (request) => {
      const token = bearerToken(request.event.headers ?? {});
      if (!token) return deny(401);
      const checked = await verifyConnectToken(token, expected);
      if (!checked.ok) return deny(401, 'invalid_token', checked.expired ? 'The access token expired' : 'The access token is invalid');
      const { claims } = checked;
      const granted = scopesOf(claims);
      if (!required.every((scope) => granted.includes(scope))) {
        return deny(403, 'insufficient_scope', 'The access token lacks a required scope', required.join(' '));
      }
      request.context.auth = {
        subject: claims.sub!,
        clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined,
        scopes: granted,
        claims,
      };
      return undefined;
    },
  };
}
