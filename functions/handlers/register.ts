import { container } from '../container.js';
import { oauthEndpoint } from '../http/chain.js';
import { isJson } from '../http/well-formed.js';
import { parseStrictJson } from '../http/json.js';
import { noStoreJson } from '../http/responses.js';
import { OAuthError } from '../oauth/errors.js';
import { register } from '../oauth/endpoints/register.js';

const deps = container();

/**
 * POST /oauth/register (RFC 7591 §3.1): a JSON body of client metadata. The chain has already
 * refused malformed text and repeated keys (http/well-formed.ts); the body is parsed here
 * because client metadata holds arrays, which the flat parameter parsers do not.
 */
export const handler = oauthEndpoint(deps.config, { body: false }, async (request) => {
  const { event } = request;
  const type = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  let body: unknown;
  if (deps.config.registration !== 'off') {
    if (!isJson(type) || !event.body) throw new OAuthError('invalid_client_metadata', 'Send the client metadata as a JSON object (Content-Type: application/json).');
    try {
      body = parseStrictJson(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body);
    } catch {
      throw new OAuthError('invalid_client_metadata', 'The request body is not valid JSON.');
    }
  }
  const result = await register(deps, { body, authorization: request.authorization, sourceIp: request.sourceIp });
  return noStoreJson(result.status, result.body);
});
