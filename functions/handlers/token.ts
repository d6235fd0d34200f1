import { tokenService } from '../token-service.js';
import { oauthEndpoint } from '../http/chain.js';
import { noStoreJson } from '../http/responses.js';
import { tokenEndpoint } from '../oauth/endpoints/token.js';
import { issuerRecorder } from '../record-issuer.js';

const deps = tokenService();
const recordIssuer = issuerRecorder(deps);

/** POST /oauth/token — every grant, dispatched on grant_type inside this one function (SPEC §1). */
export const handler = oauthEndpoint(deps.config, { body: true }, async (request) => {
  // Alongside the first request of the container; settled before it answers, so a frozen
  // Lambda never holds it half-done. Later requests find it settled.
  const recording = recordIssuer();
  const body = await tokenEndpoint(deps, request);
  await recording;
  return noStoreJson(200, body);
});
