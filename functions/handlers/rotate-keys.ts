import { rotateSigningKeys } from '../admin/keys.js';
import { container } from '../container.js';
import { log } from '../log.js';

const deps = container();

/**
 * The scheduled key rotation on AWS (an EventBridge rule, every 90 days by default): the same
 * use case as `connect keys:rotate`, without `--now`, so the new key is published in the JWKS
 * at once and signs only after the publish-ahead period (API Gateway caches a JWKS for up to
 * 2 h, SPEC §5). A failure throws, so the Lambda Errors alarm fires and EventBridge retries.
 */
export const handler = async (): Promise<{ kid: string; active_from: string }> => {
  const staged = await rotateSigningKeys(deps, { now: false });
  log('info', 'signing key staged', staged);
  return staged;
};
