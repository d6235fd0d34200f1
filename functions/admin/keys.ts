import { nowSeconds } from '../clock.js';
import { longestTokenLifetime } from '../config.js';
import type { AdminDeps } from './deps.js';
import { generateSigningKey } from '../oauth/tokens/signing-keys.js';

/**
 * Stages a new signing key (SPEC §3): in the JWKS at once, signing only once the publish-ahead
 * period has passed (API Gateway caches a JWKS for up to 2 h), unless `now`. Every older key
 * is retired — dropped from the JWKS — once every token it may still sign has expired.
 * The same code runs from the CLI and from the scheduled rotation on AWS.
 */
export async function rotateSigningKeys(deps: Pick<AdminDeps, 'config' | 'keys' | 'protector' | 'signingKeys'>, options: { now: boolean }) {
  const now = nowSeconds();
  const activeFrom = options.now ? now : now + deps.config.keyPublishAheadSeconds;
  const existing = await deps.signingKeys.list();
  const key = await generateSigningKey(deps.protector, activeFrom);
  const retireAt = activeFrom + longestTokenLifetime(deps.config);
  const retire = existing.filter((k) => k.retireAt === undefined).map((k) => ({ kid: k.kid, retireAt }));
  await deps.signingKeys.add(key, retire);
  deps.keys.invalidate();
  return { kid: key.kid, active_from: new Date(activeFrom * 1000).toISOString() };
}
