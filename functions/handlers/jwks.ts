import { container } from '../container.js';
import { oauthEndpoint } from '../http/chain.js';
import { json } from '../http/responses.js';

const deps = container();

/**
 * GET /oauth/jwks: every published key, staged ones included, so verifiers know a key before
 * it signs. Cacheable for a few minutes — keys are published hours ahead (SPEC §5).
 */
export const handler = oauthEndpoint(deps.config, { body: false }, async () =>
  json(200, await deps.keys.jwks(), { 'Cache-Control': 'public, max-age=300' }),
);
