/**
 * Every key string of the table comes from here (DESIGN rule 3). An item's pk names what it
 * is and which one; sk is a fixed marker unless several items share a partition.
 */

export interface Key {
  pk: string;
  sk: string;
}

export const keys = {
  client: (id: string): Key => ({ pk: `CLIENT#${id}`, sk: 'CLIENT' }),
  /** Users are addressed by their normalized email: the password grant reads them by it. */
  user: (email: string): Key => ({ pk: `EMAIL#${normalizeEmail(email)}`, sk: 'USER' }),
  grant: (id: string): Key => ({ pk: `GRANT#${id}`, sk: 'GRANT' }),
  refreshToken: (digest: string): Key => ({ pk: `REFRESH#${digest}`, sk: 'REFRESH' }),
  revokedJti: (jti: string): Key => ({ pk: `JTI#${jti}`, sk: 'REVOKED' }),
  authCode: (digest: string): Key => ({ pk: `CODE#${digest}`, sk: 'CODE' }),
  session: (digest: string): Key => ({ pk: `SESSION#${digest}`, sk: 'SESSION' }),
  consent: (userId: string, clientId: string): Key => ({ pk: `USER#${userId}`, sk: `CONSENT#${clientId}` }),
  /** All scopes live in one item, so a token request reads them with its client in one batch. */
  scopeCatalogue: (): Key => ({ pk: 'CATALOGUE', sk: 'SCOPES' }),
  signingKeyPartition: 'KEYS',
  signingKey: (kid: string): Key => ({ pk: 'KEYS', sk: `KEY#${kid}` }),
  /** Failed sign-in counter of an account or an address. */
  attempts: (id: string): Key => ({ pk: `ATTEMPTS#${id}`, sk: 'ATTEMPTS' }),
  /** Guards the one-time creation of the very first signing key. */
  signingKeyBootstrap: (): Key => ({ pk: 'KEYS', sk: 'BOOTSTRAP' }),
} as const;

/** gsi1: what belongs to a user. */
export const byUser = {
  pk: (userId: string) => `USER#${userId}`,
  profile: 'PROFILE',
  client: (createdAt: number, id: string) => `CLIENT#${stamp(createdAt)}#${id}`,
  clientPrefix: 'CLIENT#',
  grant: (kind: string, createdAt: number, id: string) => `GRANT#${kind}#${stamp(createdAt)}#${id}`,
  grantPrefix: (kind?: string) => (kind ? `GRANT#${kind}#` : 'GRANT#'),
} as const;

/** gsi2: global listings. */
export const listing = {
  clients: 'CLIENTS',
  personalClients: 'PERSONAL_CLIENTS',
  users: 'USERS',
  byCreation: (createdAt: number, id: string) => `${stamp(createdAt)}#${id}`,
} as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Fixed-width with milliseconds, so lexical order is time order even within one second. */
function stamp(epochSeconds: number): string {
  return epochSeconds.toFixed(3).padStart(16, '0');
}

/** Item type markers (DESIGN rule 3: every item has one). */
export const ItemType = {
  client: 'client',
  user: 'user',
  grant: 'grant',
  refreshToken: 'refresh_token',
  revokedJti: 'revoked_jti',
  authCode: 'auth_code',
  session: 'session',
  consent: 'consent',
  scopeCatalogue: 'scope_catalogue',
  signingKey: 'signing_key',
  bootstrap: 'bootstrap',
  attempts: 'attempts',
} as const;
