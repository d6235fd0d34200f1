import { tokenService } from '../token-service.js';
import { oauthEndpoint } from '../http/chain.js';
import { noStoreJson } from '../http/responses.js';
import { deviceAuthorization } from '../oauth/device/authorization.js';

const deps = tokenService();

/** POST /oauth/device/code (RFC 8628 §3.1): a device code, a user code and where to enter it. */
export const handler = oauthEndpoint(deps.config, { body: true }, async (request) => {
  return noStoreJson(200, await deviceAuthorization(deps, request));
});
