import type { Config } from '../../config.js';
import { ROUTE } from '../../routes.js';

/**
 * What RFC 8414 metadata says about how third parties become clients (SPEC §9): client ID
 * metadata documents are always resolved; `registration_endpoint` (RFC 7591 §3, RFC 8414 §2)
 * only when dynamic registration is on.
 */
export function registrationMetadata(issuer: string, registration: Config['registration']): Record<string, unknown> {
  return {
    client_id_metadata_document_supported: true,
    ...(registration !== 'off' ? { registration_endpoint: `${issuer}${ROUTE.register.path}` } : {}),
  };
}
