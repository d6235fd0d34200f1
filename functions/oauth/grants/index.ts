import { DEVICE_CODE_GRANT, type GrantType } from '../ports.js';
import { authorizationCodeGrant } from './authorization-code.js';
import { clientCredentialsGrant } from './client-credentials.js';
import { deviceCodeGrant } from './device-code.js';
import type { AnyGrantHandler } from './grant.js';
import { passwordGrant } from './password.js';
import { refreshTokenGrant } from './refresh-token.js';

/**
 * The literal registry of grant types the token endpoint dispatches on (SPEC §1). Keyed by
 * GrantType: a type in GRANT_TYPES (and so in the metadata's grant_types_supported) without a
 * handler, or a handler under another type's name, does not compile. A new grant adds its file,
 * its name to GRANT_TYPES and its line here (docs/architecture.md, "Adding a grant").
 */
export const GRANTS = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  password: passwordGrant,
  client_credentials: clientCredentialsGrant,
  [DEVICE_CODE_GRANT]: deviceCodeGrant,
} as const satisfies { readonly [T in GrantType]: AnyGrantHandler & { readonly grantType: T } };

/** The handler of a grant_type parameter, if it names one. */
export function grantHandler(grantType: string): AnyGrantHandler | undefined {
  return Object.hasOwn(GRANTS, grantType) ? GRANTS[grantType as GrantType] : undefined;
}
