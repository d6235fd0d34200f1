import type { UserRepository } from '../oauth/ports.js';
import type { OidcStore } from '../oauth/oidc/reads.js';
import { DynamoBatchReader } from './batch-read.js';
import type { TableRef } from './dynamo.js';
import { clientRead, grantRead, revokedJtiRead } from './items.js';
import { sessionRead } from './sessions.js';

/** The OpenID endpoints' reads on the table: the batch read port and the descriptors they use. */
export function dynamoOidcStore(table: TableRef, users: Pick<UserRepository, 'getById'>): OidcStore {
  return {
    batch: new DynamoBatchReader(table),
    reads: { client: clientRead, grant: grantRead, revokedJti: revokedJtiRead, session: sessionRead },
    users,
  };
}
