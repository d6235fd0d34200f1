import { tokenService } from '../token-service.js';
import { oauthEndpoint } from '../http/chain.js';
import { noStoreJson } from '../http/responses.js';
import { tokenEndpoint } from '../oauth/token-endpoint.js';

const deps = tokenService();

/** POST /oauth/token — every grant, dispatched on grant_type inside this one function (SPEC §1). */
export const handler = oauthEndpoint(deps.config, { body: true }, async (request) =>
  noStoreJson(200, await tokenEndpoint(deps, request)),
);
