import { container } from '../container.js';
import { oauthEndpoint } from '../http/chain.js';
import { json } from '../http/responses.js';
import { cachedFor } from '../oauth/cached.js';
import { KEY_CACHE_SECONDS } from '../oauth/tokens/keyring.js';
import { serverMetadata } from '../oauth/endpoints/metadata.js';
import { openIdMetadata } from '../oauth/oidc/metadata.js';
import { ROUTE } from '../routes.js';

const deps = container();
const catalogue = cachedFor(KEY_CACHE_SECONDS, () => deps.scopes.catalogue());

/** Both well-known addresses (RFC 8414 §3, and the OpenID path many client libraries probe). */
export const handler = oauthEndpoint(deps.config, { body: false }, async (request) =>
  json(200, (isOpenId(request.event.rawPath) ? openIdMetadata : serverMetadata)(request.issuer, await catalogue()), { 'Cache-Control': 'public, max-age=300' }),
);

/** The OpenID address gets the OpenID Provider document (OIDC Discovery §4); behind a base path too. */
function isOpenId(path: string | undefined): boolean {
  return path?.endsWith(ROUTE.openidConfiguration.path) ?? false;
}
