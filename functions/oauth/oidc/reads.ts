import type { Authorization, BatchReader, Client, Read, Session, User, UserRepository } from '../ports.js';

/**
 * What the OpenID endpoints read, as read descriptors the store exports (DESIGN rule 11), fed
 * to the one BatchGetItem of a request through the batch read port. oauth/ cannot import
 * store/, so the handler hands the descriptors in.
 */
export interface OidcReads {
  readonly client: (id: string) => Read<Client | undefined>;
  readonly grant: (id: string) => Read<Authorization | undefined>;
  readonly revokedJti: (jti: string) => Read<boolean>;
  readonly session: (digest: string) => Read<Session | undefined>;
}

export interface OidcStore {
  readonly batch: BatchReader;
  readonly reads: OidcReads;
  /** The user by id (the sub of a token): a GSI query, run beside the batch. */
  readonly users: Pick<UserRepository, 'getById'>;
}

export type { User };
