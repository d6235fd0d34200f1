import { container } from '../container.js';
import { oauthEndpoint } from '../http/chain.js';
import { json } from '../http/responses.js';
import { cachedFor } from '../oauth/cached.js';
import { KEY_CACHE_SECONDS } from '../oauth/tokens/keyring.js';
import { serverMetadata } from '../oauth/endpoints/metadata.js';
import { registrationMetadata } from '../oauth/clients/registration-metadata.js';

const deps = container();
const catalogue = cachedFor(KEY_CACHE_SECONDS, () => deps.scopes.catalogue());

/** Both well-known addresses (RFC 8414 §3, and the OpenID path many client libraries probe). */
export const handler = oauthEndpoint(deps.config, { body: false }, async (request) =>
  json(200, { ...serverMetadata(request.issuer, await catalogue()), ...registrationMetadata(request.issuer, deps.config.registration) }, {
    'Cache-Control': 'public, max-age=300',
  }),
);
