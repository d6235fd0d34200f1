import { tokenService } from '../token-service.js';
import { oauthEndpoint } from '../http/chain.js';
import { noStoreJson } from '../http/responses.js';
import { introspect } from '../oauth/endpoints/introspect.js';

const deps = tokenService();

/** POST /oauth/introspect (RFC 7662). */
export const handler = oauthEndpoint(deps.config, { body: true }, async (request) =>
  noStoreJson(200, await introspect({ ...deps, refreshGraceSeconds: deps.config.refreshGraceSeconds }, request)),
);
