/**
 * The single table's shape (SPEC §7): read by the CDK stack, the local bootstrap and the
 * tests, so the three can never disagree. Plain data, no SDK import, so infra/ can use it.
 *
 * Access patterns:
 *  - every item by pk/sk (clients, users by email, grants, refresh tokens by digest,
 *    revoked jtis, the scope catalogue, signing keys);
 *  - gsi1: what belongs to one user (their clients, their grants) — `USER#<id>`;
 *    also a user by id (`USER#<id>` / `PROFILE`);
 *  - gsi2: global listings for the admin CLI (`CLIENTS`, `PERSONAL_CLIENTS`, `USERS`).
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds. Garbage collection only: every read checks expiry itself. */
  ttlAttribute: 'ttl',
  indexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export const GSI_BY_USER = 'gsi1';
export const GSI_LISTING = 'gsi2';
