/**
 * Every key string of the table comes from here (DESIGN rule 3). An item's pk names what it
 * is and which one; sk is a fixed marker unless several items share a partition.
 */

import { KeyLimitError } from '../oauth/errors.js';
import { isWellFormedText } from '../oauth/identifiers.js';

export interface Key {
  pk: string;
  sk: string;
}

/**
 * DynamoDB's key limits (partition key 2,048 bytes, sort key 1,024, UTF-8) and its refusal of
 * text with a lone surrogate — which DynamoDB Local does not enforce, so a test against it
 * would not notice a key that fails on AWS. Values are checked at the edge first (SPEC §6,
 * oauth/identifiers.ts); this is the guard behind it: a clear client error, never a 5xx.
 */
export const KEY_LIMITS = { pk: 2048, sk: 1024 } as const;

/** Raised by store/ (below), declared with the protocol's errors so every renderer can read it. */
export { KeyLimitError };

/** Whether a key part is one DynamoDB accepts. */
export function fitsKey(value: string, part: 'pk' | 'sk'): boolean {
  // A UTF-8 byte is at least a third of a UTF-16 unit: short strings need no counting.
  if (value.length * 3 > KEY_LIMITS[part] && Buffer.byteLength(value, 'utf8') > KEY_LIMITS[part]) return false;
  return isWellFormedText(value);
}

function key(pk: string, sk: string): Key {
  if (!fitsKey(pk, 'pk')) throw new KeyLimitError('pk', KEY_LIMITS.pk);
  if (!fitsKey(sk, 'sk')) throw new KeyLimitError('sk', KEY_LIMITS.sk);
  return { pk, sk };
}

export const keys = {
  client: (id: string): Key => key(`CLIENT#${id}`, 'CLIENT'),
  /** Users are addressed by their normalized email: the password grant reads them by it. */
  user: (email: string): Key => key(`EMAIL#${normalizeEmail(email)}`, 'USER'),
  grant: (id: string): Key => key(`GRANT#${id}`, 'GRANT'),
  refreshToken: (digest: string): Key => key(`REFRESH#${digest}`, 'REFRESH'),
  revokedJti: (jti: string): Key => key(`JTI#${jti}`, 'REVOKED'),
  authCode: (digest: string): Key => key(`CODE#${digest}`, 'CODE'),
  session: (digest: string): Key => key(`SESSION#${digest}`, 'SESSION'),
  /** RFC 8628: a device authorization by its device code's digest, and its user code's. */
  deviceCode: (digest: string): Key => key(`DEVICE#${digest}`, 'DEVICE'),
  userCode: (digest: string): Key => key(`USERCODE#${digest}`, 'USERCODE'),
  consent: (userId: string, clientId: string): Key => key(`USER#${userId}`, `CONSENT#${clientId}`),
  /** All scopes live in one item, so a token request reads them with its client in one batch. */
  scopeCatalogue: (): Key => ({ pk: 'CATALOGUE', sk: 'SCOPES' }),
  signingKeyPartition: 'KEYS',
  signingKey: (kid: string): Key => key('KEYS', `KEY#${kid}`),
  /** Failed sign-in counter of an account or an address. */
  attempts: (id: string): Key => key(`ATTEMPTS#${id}`, 'ATTEMPTS'),
  /** An RFC 7591 initial access token, by its SHA-256 digest (store/registrations.ts). */
  registrationToken: (digest: string): Key => key(`REGTOKEN#${digest}`, 'REGISTRATION_TOKEN'),
  /** A registered resource (RFC 8707), by its URI: the batch of a token request reads it by the `resource` parameter. */
  resource: (uri: string): Key => key(`RESOURCE#${uri}`, 'RESOURCE'),
  /** The issuer the server runs under, for the CLI to mint tokens with (SPEC §6). */
  issuer: (): Key => key('SERVER', 'ISSUER'),
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
  resources: 'RESOURCES',
  byCreation: (createdAt: number, id: string) => `${stamp(createdAt)}#${id}`,
} as const;

/** The listing index (gsi2) attributes of an item in one listing, ordered by creation. */
export function listedIn(partition: string, createdAt: number, id: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: partition, gsi2sk: listing.byCreation(createdAt, id) };
}

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
  /** A client ID metadata document cached under its URL's client key (store/client-documents.ts). */
  clientDocument: 'client_document',
  user: 'user',
  grant: 'grant',
  refreshToken: 'refresh_token',
  revokedJti: 'revoked_jti',
  authCode: 'auth_code',
  session: 'session',
  deviceCode: 'device_code',
  userCode: 'user_code',
  consent: 'consent',
  scopeCatalogue: 'scope_catalogue',
  signingKey: 'signing_key',
  bootstrap: 'bootstrap',
  attempts: 'attempts',
  issuer: 'issuer',
  registrationToken: 'registration_token',
  resource: 'resource',
} as const;
