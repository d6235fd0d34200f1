import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

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
  /** The `aud` to accept. Default: the issuer, which is also Connect's default AUDIENCE. */
  readonly audience?: string;
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

// One key set per JWKS address per container: jose caches the keys and refetches on an unknown
// `kid`, which is how a newly staged Connect key is picked up.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(uri: string): ReturnType<typeof createRemoteJWKSet> {
  let set = keySets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri));
    keySets.set(uri, set);
  }
  return set;
}

function challenge(status: 401 | 403, realm: string | undefined, error?: string, description?: string, scope?: string): Result {
  // RFC 6750 §3: a request without credentials gets the bare challenge, no error code.
  const params = [
    realm ? `realm="${realm}"` : '',
    error ? `error="${error}"` : '',
    description ? `error_description="${description}"` : '',
    scope ? `scope="${scope}"` : '',
  ].filter(Boolean);
  return {
    statusCode: status,
    headers: {
      'www-authenticate': params.length > 0 ? `Bearer ${params.join(', ')}` : 'Bearer',
      'content-type': 'application/json',
      'cache-control': 'no-store',
    },
    body: JSON.stringify(error ? { error, error_description: description } : { error: 'unauthorized' }),
  };
}

/** RFC 6750 §2.1: `Authorization: Bearer <b64token>`. */
function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  return header?.match(/^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i)?.[1];
}

/** The token's own fault (401), as opposed to the JWKS being unreachable (thrown: a 5xx). */
function isTokenError(error: unknown): boolean {
  return error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout) && !(error instanceof errors.JWKSInvalid);
}

export function requireScopes(
  scopes: string | readonly string[],
  options: RequireScopesOptions,
): MiddlewareObj<APIGatewayProxyEventV2, Result, Error, AuthorizedContext> {
  const required = typeof scopes === 'string' ? scopes.split(' ').filter(Boolean) : [...scopes];
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwksUri = options.jwksUri ?? `${issuer}/oauth/jwks`;
  return {
    before: async (request) => {
      const token = bearerToken(request.event);
      if (!token) return challenge(401, options.realm);
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token, keySet(jwksUri), {
          issuer,
          audience: options.audience ?? issuer,
          typ: 'at+jwt',
          algorithms: ['RS256'],
          requiredClaims: ['sub', 'exp'],
          clockTolerance: options.clockToleranceSeconds ?? 5,
        }));
      } catch (error) {
        if (!isTokenError(error)) throw error;
        const expired = error instanceof errors.JWTExpired;
        return challenge(401, options.realm, 'invalid_token', expired ? 'The access token expired' : 'The access token is invalid');
      }
      const granted = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
      if (!required.every((scope) => granted.includes(scope))) {
        return challenge(403, options.realm, 'insufficient_scope', 'The access token lacks a required scope', required.join(' '));
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
