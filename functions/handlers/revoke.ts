import { tokenService } from '../token-service.js';
import { oauthEndpoint } from '../http/chain.js';
import { noStoreJson } from '../http/responses.js';
import { revoke } from '../oauth/endpoints/revoke.js';

const deps = tokenService();

/** POST /oauth/revoke (RFC 7009): 200 with an empty body whether or not the token existed. */
export const handler = oauthEndpoint(deps.config, { body: true }, async (request) => {
  await revoke(deps, request);
  return noStoreJson(200, {});
});
