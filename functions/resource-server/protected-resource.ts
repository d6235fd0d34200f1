import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * The resource-server side of Connect, framework-neutral: a protected resource (an API, an
 * MCP server) checks Connect's access tokens itself and tells clients where to get one.
 *
 * - RFC 9068 / RFC 6750: a Bearer JWT signed with a key from the issuer's JWKS, `typ: at+jwt`,
 *   `iss` = the issuer, `aud` = this resource (RFC 8707: a token for another resource, or for
 *   Connect itself, is refused), not expired, carrying every scope required.
 * - RFC 9728: the protected-resource metadata document (`resource`, `authorization_servers`,
 *   `scopes_supported`, `bearer_methods_supported`) at its §3.1 address, and a 401 naming it in
 *   `WWW-Authenticate: Bearer resource_metadata="…"` (§5.1), which is how MCP clients discover
 *   the authorization server.
 *
 * It takes a method, headers and a URL and returns a status, headers and a body: node.ts adapts
 * it to Node's `http` (and Express), functions/http/require-scopes.ts to a middy Lambda.
 */
export interface ProtectedResourceOptions {
  /** The Connect issuer (stack output `IssuerUrl`, locally `http://localhost:3000`). */
  readonly issuer: string;
  /**
   * This resource's URI, as registered with `connect resource:create`: the `aud` its tokens
   * carry and the `resource` clients ask for. An absolute URI without a fragment.
   */
  readonly resource: string;
  /** Scopes listed in the metadata document (RFC 9728 §2 `scopes_supported`). */
  readonly scopesSupported?: readonly string[];
  /** Human-readable name for the metadata document (RFC 9728 §2 `resource_name`). */
  readonly resourceName?: string;
  /** Default: `<issuer>/oauth/jwks`. */
  readonly jwksUri?: string;
  /** Clock skew tolerated on `exp`/`iat`, in seconds. Default: 5. */
  readonly clockToleranceSeconds?: number;
}

/** A request as any framework has it: only what the checks read. */
export interface ResourceRequest {
  readonly method: string;
  /** Absolute, or a path (then matched against the resource's own origin). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface ResourceResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a request behind the check may rely on. */
export interface VerifiedAccessToken {
  readonly token: string;
  readonly subject: string;
  readonly clientId: string | undefined;
  readonly scopes: readonly string[];
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** The resource the token is for (its `aud`). */
  readonly resource: string;
  readonly claims: JWTPayload;
}

export type Verdict = { readonly ok: true; readonly token: VerifiedAccessToken } | { readonly ok: false; readonly response: ResourceResponse };

export interface ProtectedResource {
  readonly resource: string;
  /** RFC 9728 §3.1: `https://h/.well-known/oauth-protected-resource/mcp` for `https://h/mcp`. */
  readonly metadataUrl: string;
  /** The path of `metadataUrl`, for routing. */
  readonly metadataPath: string;
  /** RFC 9728 §2: the document itself. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The document's response when the request is a GET (or HEAD) of its address; otherwise undefined. */
  serveMetadata(request: ResourceRequest): ResourceResponse | undefined;
  /** Checks the request's Bearer token for this resource and the scopes named. */
  authenticate(request: ResourceRequest, requiredScopes?: readonly string[]): Promise<Verdict>;
}

/** The RFC 9728 §3.1 address of a resource's metadata: the well-known segment between host and path. */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/oauth-protected-resource${path}${url.search}`;
}

// One key set per JWKS address per process: jose caches the keys and refetches on an unknown
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

/** The token's own fault (401), as opposed to the JWKS being unreachable (thrown: a 5xx). */
export function isTokenError(error: unknown): boolean {
  return error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout) && !(error instanceof errors.JWKSInvalid);
}

/** RFC 6750 §2.1: `Authorization: Bearer <b64token>`; undefined without one. */
export function bearerToken(headers: ResourceRequest['headers']): string | undefined {
  const raw = headers.authorization ?? headers.Authorization;
  const header = Array.isArray(raw) ? raw[0] : (raw as string | undefined);
  return header?.match(/^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i)?.[1];
}

/**
 * RFC 6750 §3 challenge with RFC 9728 §5.1's `resource_metadata`. A request without
 * credentials gets no error code; one with a bad token `invalid_token`; one lacking a scope
 * `insufficient_scope` (403) and the scopes it needs.
 */
export function challenge(
  status: 401 | 403,
  params: { readonly resourceMetadata?: string; readonly realm?: string; readonly error?: string; readonly description?: string; readonly scope?: string },
): ResourceResponse {
  const quoted = (name: string, value: string | undefined) => (value ? `${name}="${value.replace(/["\\]/g, '')}"` : '');
  const parts = [
    quoted('realm', params.realm),
    quoted('error', params.error),
    quoted('error_description', params.description),
    quoted('scope', params.scope),
    quoted('resource_metadata', params.resourceMetadata),
  ].filter(Boolean);
  return {
    status,
    headers: {
      'www-authenticate': parts.length > 0 ? `Bearer ${parts.join(', ')}` : 'Bearer',
      'content-type': 'application/json',
      'cache-control': 'no-store',
    },
    body: JSON.stringify(params.error ? { error: params.error, error_description: params.description } : { error: 'unauthorized' }),
  };
}

/** The checks of a Connect access token for one audience; throws only when the JWKS cannot be had. */
export async function verifyConnectToken(
  token: string,
  expected: { readonly issuer: string; readonly audience: string; readonly jwksUri: string; readonly clockToleranceSeconds: number },
): Promise<{ ok: true; claims: JWTPayload } | { ok: false; expired: boolean }> {
  try {
    const { payload } = await jwtVerify(token, keySet(expected.jwksUri), {
      issuer: expected.issuer,
      audience: expected.audience,
      typ: 'at+jwt',
      algorithms: ['RS256'],
      requiredClaims: ['sub', 'exp'],
      clockTolerance: expected.clockToleranceSeconds,
    });
    return { ok: true, claims: payload };
  } catch (error) {
    if (!isTokenError(error)) throw error;
    return { ok: false, expired: error instanceof errors.JWTExpired };
  }
}

export function scopesOf(claims: JWTPayload): string[] {
  return typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
}

export function protectedResource(options: ProtectedResourceOptions): ProtectedResource {
  const issuer = options.issuer.replace(/\/+$/, '');
  const resource = options.resource;
  if (new URL(resource).hash !== '' || resource.includes('#')) throw new Error('A resource URI has no fragment (RFC 8707 §2).');
  const jwksUri = options.jwksUri ?? `${issuer}/oauth/jwks`;
  const metadataUrl = protectedResourceMetadataUrl(resource);
  const metadataPath = new URL(metadataUrl).pathname;
  const metadata = {
    resource,
    authorization_servers: [issuer],
    ...(options.scopesSupported ? { scopes_supported: [...options.scopesSupported] } : {}),
    bearer_methods_supported: ['header'],
    ...(options.resourceName ? { resource_name: options.resourceName } : {}),
  };
  const expected = { issuer, audience: resource, jwksUri, clockToleranceSeconds: options.clockToleranceSeconds ?? 5 };

  return {
    resource,
    metadataUrl,
    metadataPath,
    metadata,
    serveMetadata(request) {
      const method = request.method.toUpperCase();
      if (method !== 'GET' && method !== 'HEAD') return undefined;
      if (new URL(request.url, metadataUrl).pathname !== metadataPath) return undefined;
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'max-age=300', 'access-control-allow-origin': '*' },
        body: method === 'HEAD' ? '' : JSON.stringify(metadata),
      };
    },
    async authenticate(request, requiredScopes = []) {
      const token = bearerToken(request.headers);
      // RFC 6750 §3.1: no Bearer token, no error code; the metadata pointer is what a client needs.
      if (!token) return { ok: false, response: challenge(401, { resourceMetadata: metadataUrl }) };
      const checked = await verifyConnectToken(token, expected);
      if (!checked.ok) {
        const description = checked.expired ? 'The access token expired' : 'The access token is invalid or not for this resource';
        return { ok: false, response: challenge(401, { resourceMetadata: metadataUrl, error: 'invalid_token', description }) };
      }
      const { claims } = checked;
      const granted = scopesOf(claims);
      if (!requiredScopes.every((scope) => granted.includes(scope))) {
        return {
          ok: false,
          response: challenge(403, {
            resourceMetadata: metadataUrl,
            error: 'insufficient_scope',
            description: 'The access token lacks a required scope',
            scope: requiredScopes.join(' '),
          }),
        };
      }
      return {
        ok: true,
        token: {
          token,
          subject: claims.sub!,
          clientId: typeof claims.client_id === 'string' ? claims.client_id : undefined,
          scopes: granted,
          expiresAt: claims.exp!,
          resource,
          claims,
        },
      };
    },
  };
}
