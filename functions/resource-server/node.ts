import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProtectedResource, ResourceRequest, ResourceResponse, VerifiedAccessToken } from './protected-resource.js';

/**
 * The Node `http` (and Express) adapter of protected-resource.ts. The request gets the
 * verified token on `req.auth` in the shape the MCP TypeScript SDK's transports read
 * (`token`, `clientId`, `scopes`, `expiresAt`, `resource`), plus `subject`: a tool then sees
 * it as `extra.authInfo`.
 */
export interface AuthInfo {
  readonly token: string;
  readonly clientId: string;
  readonly scopes: string[];
  readonly expiresAt: number;
  readonly resource: URL;
  readonly extra: { readonly subject: string; readonly claims: VerifiedAccessToken['claims'] };
}

export type AuthenticatedRequest = IncomingMessage & { auth?: AuthInfo };

type Next = (error?: unknown) => void;

function asRequest(req: IncomingMessage): ResourceRequest {
  return { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
}

function send(res: ServerResponse, response: ResourceResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/**
 * Serves the RFC 9728 document at its address and passes every other request on:
 * `app.use(protectedResourceMetadata(mcp))`, or call it first in a plain `http` handler
 * (it returns true when it answered).
 */
export function protectedResourceMetadata(resource: ProtectedResource) {
  return (req: IncomingMessage, res: ServerResponse, next?: Next): boolean => {
    const response = resource.serveMetadata(asRequest(req));
    if (!response) {
      next?.();
      return false;
    }
    send(res, response);
    return true;
  };
}

/**
 * Middleware answering 401/403 itself (RFC 6750 §3 with RFC 9728's `resource_metadata`)
 * unless the request carries a token for this resource with every scope named; then `req.auth`
 * is set and `next()` called. Without `next` (plain `http`), it resolves to whether it passed.
 */
export function requireBearer(resource: ProtectedResource, options: { readonly scopes?: readonly string[] } = {}) {
  return async (req: AuthenticatedRequest, res: ServerResponse, next?: Next): Promise<boolean> => {
    let verdict;
    try {
      verdict = await resource.authenticate(asRequest(req), options.scopes ?? []);
    } catch (error) {
      // The JWKS could not be had: the server's fault, never the caller's (no 401 that would send it to re-authorize).
      if (next) {
        next(error);
        return false;
      }
      throw error;
    }
    if (!verdict.ok) {
      send(res, verdict.response);
      return false;
    }
    const { token } = verdict;
    req.auth = {
      token: token.token,
      clientId: token.clientId ?? '',
      scopes: [...token.scopes],
      expiresAt: token.expiresAt,
      resource: new URL(token.resource),
      extra: { subject: token.subject, claims: token.claims },
    };
    next?.();
    return true;
  };
}
