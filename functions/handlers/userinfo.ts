import { container } from '../container.js';
import { oauthEndpoint, type LambdaHandler, type ParsedRequest } from '../http/chain.js';
import { noStoreJson } from '../http/responses.js';
import { userinfo } from '../oauth/oidc/userinfo.js';

const deps = container();
const oidc = { batch: deps.batch, reads: deps.reads, users: deps.users, keys: deps.keys, config: deps.config };

const answer = (body: boolean) => async (request: ParsedRequest) =>
  noStoreJson(200, await userinfo(oidc, { authorization: request.authorization, body: body ? request.params : undefined, issuer: request.issuer }));

const get = oauthEndpoint(deps.config, { body: false }, answer(false));
const post = oauthEndpoint(deps.config, { body: true }, answer(true));

/** GET and POST /oauth/userinfo (OIDC Core §5.3; POST may carry the token in the form, RFC 6750 §2.2). */
export const handler: LambdaHandler = (event, context) => (event.requestContext?.http?.method === 'POST' ? post : get)(event, context);
