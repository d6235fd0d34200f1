import { OAuthError, invalidScope } from '../errors.js';
import type { Resource } from '../ports.js';

/**
 * RFC 8707 (resource indicators). A client names the protected resource a token is for with
 * `resource`; the token's `aud` is then that resource, so a token for one API or MCP server is
 * refused by every other (RFC 9700 §2.3, audience restriction). Connect issues tokens only for
 * resources registered with `resource:create`, and one resource per token (SPEC §9).
 */

/** The longest resource URI accepted: a table key holds it, and a URL stays a URL. */
export const MAX_RESOURCE_LENGTH = 1024;

const invalidTarget = (description: string) => new OAuthError('invalid_target', description);

/**
 * The `resource` parameter of a request, checked for its form before anything is read:
 * undefined when the request names none. RFC 8707 §2: "an absolute URI … MUST NOT include a
 * fragment component"; several (the HTTP layer joins repeats with a space, which no URI
 * contains) are refused, since a token has one audience here. Anything else is `invalid_target`.
 * Used by /oauth/authorize, the token endpoint and /oauth/device/code alike.
 */
export function parseResourceParameter(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (/\s/.test(raw)) throw invalidTarget('Name one resource: this server issues a token for a single resource (RFC 8707 §2).');
  if (raw.length > MAX_RESOURCE_LENGTH || !/^[\x21-\x7E]+$/.test(raw)) {
    throw invalidTarget(`The resource must be an absolute URI of at most ${MAX_RESOURCE_LENGTH} visible ASCII characters.`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidTarget('The resource must be an absolute URI (RFC 8707 §2).');
  }
  if (raw.includes('#') || url.hash !== '') throw invalidTarget('The resource must not include a fragment (RFC 8707 §2).');
  return raw;
}

/** A well-formed `resource` must also name a registered resource; `found` is what the batch read for it. */
export function registeredResource(uri: string | undefined, found: Resource | undefined): Resource | undefined {
  if (uri === undefined) return undefined;
  if (!found) throw invalidTarget('The resource is not one this server issues tokens for.');
  return found;
}

/**
 * The `resource` of a request whose form is not yet checked, for reading: the URI when it is
 * well-formed, else undefined (nothing to look up; `parseResourceParameter` refuses it later,
 * where its endpoint reports errors).
 */
export function resourceToRead(raw: string | undefined): string | undefined {
  try {
    return parseResourceParameter(raw);
  } catch {
    return undefined;
  }
}

/** SPEC §9: a resource with a scope list bounds the scopes of its tokens (`invalid_scope` beyond it). */
export function checkScopesWithinResource(scopes: readonly string[], resource: Resource | undefined): void {
  if (!resource?.scopes) return;
  for (const scope of scopes) {
    if (!resource.scopes.includes(scope)) throw invalidScope(`The scope "${scope}" is not one the resource ${resource.uri} accepts.`);
  }
}

/**
 * A code or a refresh token is bound to the resource its authorization named: the token
 * request may repeat it or omit it (the same `aud`), never change it (SPEC §9, RFC 8707 §2.2).
 */
export function keptResource(requested: Resource | undefined, bound: string | undefined, what: string): string | undefined {
  if (requested !== undefined && requested.uri !== bound) {
    throw invalidTarget(
      bound === undefined ? `The ${what} was not issued for a resource: omit the resource parameter.` : `The resource differs from the one the ${what} was issued for.`,
    );
  }
  return bound;
}
