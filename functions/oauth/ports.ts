/**
 * What the protocol needs from storage, shaped by its access patterns rather than by tables:
 * each request names up front everything it will read (read descriptors from the
 * `ReadCatalog`) and gets it in one round trip (`BatchReader`), then makes at most one write. store/ implements these with DynamoDB;
 * nothing in oauth/ knows that.
 */

/** RFC 8628 §3.4: the device authorization grant's grant_type. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The grant types of the token endpoint (SPEC §1): grants/index.ts registers one handler each. */
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'password', 'client_credentials', DEVICE_CODE_GRANT] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export type ClientKind = 'confidential' | 'public' | 'password' | 'personal' | 'client_credentials' | 'device';

export interface ClientSecret {
  readonly hash: string;
  /** Epoch seconds after which this (previous) secret stops working; absent for the current one. */
  readonly expiresAt?: number;
}

export interface Client {
  readonly id: string;
  readonly name: string;
  readonly kind: ClientKind;
  /** Empty for public clients: they authenticate with `client_id` alone and must use PKCE. */
  readonly secrets: readonly ClientSecret[];
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly GrantType[];
  /** `null` = unrestricted: any catalogue scope (SPEC §6, as in Passport). */
  readonly scopes: readonly string[] | null;
  /** The user specified for the client: their permissions bound the client's tokens. */
  readonly userId?: string;
  readonly firstParty: boolean;
  /**
   * A resource server (`client:create --introspect`): may introspect tokens issued to other
   * clients (SPEC §6). First-party clients may too; any other client only its own tokens.
   */
  readonly introspect: boolean;
  /** OpenID Connect RP-Initiated Logout 1.0 §3.1: where end-session may send the user back (SPEC §10). */
  readonly postLogoutRedirectUris?: readonly string[];
  readonly revoked: boolean;
  readonly createdAt: number;
  /** Set when its owner renamed it or changed its redirect URIs (management API). */
  readonly updatedAt?: number;
  /**
   * How a third party brought it (SPEC §9): described by the client ID metadata document at its
   * id (a URL), or registered through RFC 7591. Absent for clients an administrator created.
   */
  readonly registeredBy?: 'metadata_document' | 'dynamic_registration';
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly scopes: readonly string[] | null;
  readonly createdAt: number;
  /** OIDC Core §5.1 `email_verified`: absent for users created before it existed (false). */
  readonly emailVerified?: boolean;
  /** OIDC Core §5.1 `updated_at`: when the profile last changed (absent: createdAt). */
  readonly updatedAt?: number;
}

/**
 * An authorization a user gave: the grant behind a refresh-token family, or a personal access
 * token. Access tokens carry its id (`gid`), so revoking it revokes them all.
 */
export interface Authorization {
  readonly id: string;
  readonly kind: 'refresh' | 'personal';
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  /** Personal access tokens are named by their user. */
  readonly name?: string;
  /** The access token's `jti`, for personal access tokens (one token per grant). */
  readonly jti?: string;
  /** The resource (RFC 8707) its tokens are for: their `aud`, kept by every refresh. */
  readonly resource?: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revoked: boolean;
  /** OpenID Connect: the sign-in behind the grant, repeated in each refreshed id_token (OIDC Core §12.2). */
  readonly authTime?: number;
  readonly sid?: string;
}

export interface RefreshToken {
  /** SHA-256 of the token: the token itself is never stored. */
  readonly digest: string;
  readonly grantId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Set once, by the one rotation that wins (SPEC §5). */
  readonly rotatedAt?: number;
}

/**
 * A registered resource (RFC 8707): an API or MCP server tokens can be bound to. Its URI is
 * the `resource` parameter a client sends and the `aud` of the tokens issued for it.
 */
export interface Resource {
  /** An absolute URI without a fragment (RFC 8707 §2). */
  readonly uri: string;
  readonly name: string;
  /** The scopes its tokens may carry; `null` = any the client and user may have. */
  readonly scopes: readonly string[] | null;
  readonly createdAt: number;
}

export interface ResourceRepository {
  /** False when a resource with that URI exists. */
  create(resource: Resource): Promise<boolean>;
  /** Every resource, oldest first. */
  list(): Promise<Resource[]>;
}

/** Scope name → description. */
export type ScopeCatalogue = ReadonlyMap<string, string>;

export interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256';
  readonly publicJwk: Record<string, unknown>;
  /** The private JWK, encrypted through the key-protector seam. */
  readonly encryptedPrivateKey: string;
  readonly createdAt: number;
  /** Published in the JWKS at once, signing from this time on. */
  readonly activeFrom: number;
  /** Dropped from the JWKS after this time: set once a newer key has taken over signing. */
  readonly retireAt?: number;
}

/** Where an item lives in the table: opaque outside store/, which builds it (store/keys.ts). */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/**
 * One item a request reads in its batch (DESIGN rule 11): where it lives, and what it reads
 * back as (`undefined` when absent or expired). Each store module exports the descriptors of
 * its entities (`clientRead(id)`, `sessionRead(digest)`, …) and the `ReadCatalog` hands them
 * to the protocol, so a new entity adds a descriptor rather than fields to a hub type.
 * Without a `key` the descriptor holds a value the container already has (the scope
 * catalogue from its 10 s cache): the batch reads nothing for it and answers `fromItem(undefined)`.
 */
export interface Read<T> {
  readonly key?: ItemKey;
  readonly fromItem: (item: Record<string, unknown> | undefined) => T;
}

export type Reads = Readonly<Record<string, Read<unknown>>>;

/**
 * The results of a batch, by the names the request gave its descriptors. A descriptor the
 * request named only conditionally (an optional member) is an optional result.
 */
export type ReadResults<R extends Reads> = { readonly [K in keyof R]: NonNullable<R[K]> extends Read<infer T> ? T : never };

/** The one strongly consistent BatchGetItem of a request, as its own port. */
export interface BatchReader {
  load<R extends Reads>(reads: R): Promise<ReadResults<R>>;
}

/**
 * The read descriptors of every entity a request may read, by what it is read by: what
 * oauth/ names in a batch (it may not import store/, which implements this by collecting
 * the descriptors its modules export). A new entity adds a method here and its descriptor.
 */
export interface ReadCatalog {
  client(id: string): Read<Client | undefined>;
  user(email: string): Read<User | undefined>;
  grant(id: string): Read<Authorization | undefined>;
  refresh(digest: string): Read<RefreshToken | undefined>;
  /** Whether an access token's jti is on the deny-list (until the token's own `exp`). */
  revokedJti(jti: string): Read<boolean>;
  /** An authorization code, by the SHA-256 of the code. */
  code(digest: string): Read<AuthorizationCode | undefined>;
  /** A login session, by the SHA-256 of its cookie value. */
  session(digest: string): Read<Session | undefined>;
  /** The consent a user gave a client. */
  consent(userId: string, clientId: string): Read<Consent | undefined>;
  /** An attempt counter (`account:<digest of the email>`, `ip:<address>`); absent = no recent failure. */
  attempts(id: string): Read<AttemptCounter | undefined>;
  /**
   * The scope catalogue. A container serves it from its 10 s cache (a descriptor without a
   * key) only when the cached copy knows every one of `scopeNames`, the catalogue scopes the
   * request names; otherwise it is read in the batch, so a scope created through the CLI or
   * another container is accepted at once.
   */
  catalogue(scopeNames?: readonly string[]): Read<ScopeCatalogue>;
  /** A registered resource (RFC 8707), by its URI: read with the client, no round trip of its own. */
  resource(uri: string): Read<Resource | undefined>;
  /** A device authorization (RFC 8628), by the SHA-256 of its device code; expired ones too. */
  deviceCode(digest: string): Read<DeviceAuthorization | undefined>;
  /** A live user code (RFC 8628), by the SHA-256 of the normalized code. */
  userCode(digest: string): Read<UserCodeRecord | undefined>;
}

/** What a function needs to read: the descriptors, and the port that reads them in one batch. */
export interface ReadPorts {
  readonly batch: BatchReader;
  readonly reads: ReadCatalog;
}

/** Recent failed sign-ins of one account or one address (brute-force protection). */
export interface AttemptCounter {
  readonly id: string;
  readonly failures: number;
  /** Epoch seconds until which attempts are refused without checking the password. */
  readonly lockedUntil: number;
  readonly expiresAt: number;
}

export interface AttemptStore {
  /**
   * Counts one attempt atomically before the password is checked, unless the lock applies
   * (`failures >= threshold` and `lockedUntil` not passed): then nothing is written and the
   * answer is the lock's end. A counted attempt holds the lock for a short while itself (until
   * its outcome sets the real one), so when a lock passes only one attempt gets through.
   * `fresh`: the batch read saw no live counter (a lapsed window starts afresh).
   */
  claim(
    id: string,
    limits: { readonly threshold: number; readonly windowSeconds: number; readonly fresh: boolean },
  ): Promise<{ readonly attempt: number } | { readonly lockedUntil: number }>;
  /** Counts one failure atomically (a lapsed window starts afresh); returns the new count. */
  recordFailure(id: string, windowSeconds: number): Promise<number>;
  lock(id: string, until: number): Promise<void>;
  /**
   * After a correct password: forgets the counter if `attempt` is still its latest count (no
   * attempt came after it); else takes back only this attempt.
   */
  reset(id: string, attempt: number): Promise<void>;
}

/** The writes of grants and tokens (reads go through the BatchReader). */
export interface TokenStore {
  /** One transaction: a new grant and its first refresh token. */
  createGrant(grant: Authorization, refresh?: RefreshToken): Promise<void>;
  /**
   * One transaction: marks `current` rotated (only if no one else did, or, within the grace
   * period, if it was rotated at `graceOf`), stores `next` and extends the grant.
   * Returns false when another rotation won or the grant was revoked meanwhile.
   */
  rotateRefresh(current: RefreshToken, next: RefreshToken, options: { graceOf?: number }): Promise<boolean>;
  revokeGrant(grantId: string): Promise<void>;
  /** A deny-list entry that lives until the token's own `exp`. */
  revokeJti(jti: string, expiresAt: number): Promise<void>;
}

export interface ClientRepository {
  get(id: string): Promise<Client | undefined>;
  create(client: Client): Promise<void>;
  list(): Promise<Client[]>;
  /** With `ownerId`, only that user's client, and only if not yet revoked. Revoked clients leave their owner's listing. */
  revoke(id: string, ownerId?: string): Promise<boolean>;
  /** Replaces the secrets list, only if it still equals `expected` (no lost update). */
  replaceSecrets(id: string, expected: readonly ClientSecret[], secrets: readonly ClientSecret[]): Promise<boolean>;
  /** The stored secrets as they are, expired ones included (what replaceSecrets compares with); undefined for no client. */
  rawSecrets(id: string): Promise<ClientSecret[] | undefined>;
  newestPersonalClient(): Promise<Client | undefined>;
}

export interface UserRepository {
  getByEmail(email: string): Promise<User | undefined>;
  getById(id: string): Promise<User | undefined>;
  /** False when the email is taken. */
  create(user: User): Promise<boolean>;
  /** Every user, oldest first (the admin CLI's `user:list`). */
  list(): Promise<User[]>;
}

export interface ScopeRepository {
  catalogue(): Promise<ScopeCatalogue>;
  /** False when the scope exists. */
  create(name: string, description: string): Promise<boolean>;
}

/**
 * The issuer a server runs under, recorded in its table (SPEC §6): the server writes it (local
 * start-up, a deployed token function's first request), the CLI reads it to mint tokens.
 */
export interface IssuerRegistry {
  recorded(): Promise<string | undefined>;
  /** A conditional put: writes only when none or another issuer is recorded; true when it wrote. */
  record(issuer: string): Promise<boolean>;
}

export interface SigningKeyRepository {
  /** Every key not yet past its retireAt, newest (by creation) first. */
  list(): Promise<SigningKey[]>;
  /** Stores a new key and retires the previous signers at `retireAt`, in one transaction. */
  add(key: SigningKey, retire: { kid: string; retireAt: number }[]): Promise<void>;
  /** Stores the very first key once; false when one exists already (a concurrent cold start won). */
  addFirst(key: SigningKey): Promise<boolean>;
}

/**
 * The one seam private signing keys pass through on their way to and from the table: locally
 * an AES-GCM key in a file under `.connect/`, on AWS envelope encryption under a KMS key.
 */
export interface KeyProtector {
  encrypt(plaintext: string): Promise<string>;
  decrypt(ciphertext: string): Promise<string>;
}

/** RFC 6749 §4.1.2: a single-use code, bound to everything the token request must repeat. */
export interface AuthorizationCode {
  /** SHA-256 of the code: the code itself is never stored. */
  readonly digest: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  /** RFC 7636 S256 challenge; absent when a confidential client sent none. */
  readonly codeChallenge?: string;
  /** The resource (RFC 8707) the request named: the token request may repeat it, never change it. */
  readonly resource?: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Set by the one redemption that won, with the grant it created (RFC 6749 §4.1.2 replay). */
  readonly consumedAt?: number;
  readonly grantId?: string;
  /** OpenID Connect (OIDC Core §3.1.2.1, §2): echoed in the id_token; the sign-in time and session id. */
  readonly nonce?: string;
  readonly authTime?: number;
  readonly sid?: string;
}

/** A browser login. The cookie holds the id; the table only its SHA-256 digest. */
export interface Session {
  readonly digest: string;
  readonly userId: string;
  /** The user item is keyed by email: kept here so a request can read the user in one batch. */
  readonly email: string;
  /** When the user signed in: the id_token's `auth_time` (OIDC Core §2). */
  readonly createdAt: number;
  readonly expiresAt: number;
  /** A non-secret id of the session, the id_token's `sid` (never the cookie value or its digest). */
  readonly sid?: string;
}

/** The scopes a user approved for a client, remembered so they are not asked again (SPEC §6). */
export interface Consent {
  readonly userId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly updatedAt: number;
}

/** Writes of the authorization-code flow (reads go through the BatchReader). */
export interface AuthorizationStore {
  /** Stores a new code; with `remember`, also adds its scopes to the user's consent, in one transaction. */
  saveCode(code: AuthorizationCode, remember?: Consent): Promise<void>;
  /**
   * One transaction: consumes the code (only if unconsumed and not marked replayed) and records
   * the grant and its first refresh token. False when another redemption got there first.
   */
  redeemCode(code: AuthorizationCode, grant: Authorization, refresh: RefreshToken): Promise<boolean>;
  /**
   * Marks a code as redeemed twice, so a redemption still in flight cannot win afterwards,
   * and returns the grant the winner created, if one did.
   */
  markCodeReplayed(digest: string): Promise<string | undefined>;
  createSession(session: Session): Promise<void>;
  deleteSession(digest: string): Promise<void>;
}

/** A page of a listing: at most `limit` items, and an opaque cursor to the next page. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

export interface ListPage<T> {
  readonly items: readonly T[];
  /** Absent on the last page. */
  readonly next?: string;
}

/**
 * What belongs to one user, for the management API and the account page: listings that read
 * one index partition a page at a time (never a scan), and the writes a user may make to
 * their own things — each conditional on their ownership, so another user's id is "not found".
 */
export interface AccountStore {
  /** Their live (not revoked) clients, newest first; undefined when the cursor is not one of ours. */
  clients(userId: string, page: PageRequest): Promise<ListPage<Client> | undefined>;
  /** Their live (not revoked, not expired) grants of one kind, newest first; undefined for a bad cursor. */
  grants(userId: string, kind: Authorization['kind'], page: PageRequest): Promise<ListPage<Authorization> | undefined>;
  /**
   * Revokes one of their grants (only if theirs, of that kind and live); with `forgetConsent`,
   * forgets the consent they gave its client in the same transaction. False when no such grant.
   */
  revokeGrant(grant: Authorization, userId: string, options: { readonly forgetConsent: boolean }): Promise<boolean>;
  /** Renames a client of theirs and replaces its redirect URIs; undefined when no such live client. */
  updateClient(id: string, userId: string, changes: { readonly name: string; readonly redirectUris: readonly string[] }): Promise<Client | undefined>;
}

/**
 * RFC 8628 §3.2: one device authorization, keyed by the SHA-256 of its device code (the codes
 * themselves are never stored). `pending` until the person decides at the verification page;
 * the one token request that redeems an approval sets `consumedAt` (single use).
 */
export interface DeviceAuthorization {
  readonly digest: string;
  /** SHA-256 of the normalized user code (functions/oauth/device/user-code.ts). */
  readonly userCodeDigest: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** The resource (RFC 8707) the device asked for: the token's `aud`; the poll may repeat it, never change it. */
  readonly resource?: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Seconds the device must wait between polls: 5, plus 5 per slow_down (§3.5). */
  readonly interval: number;
  /** When the device last polled while pending (whole seconds): what slow_down is judged by. */
  readonly lastPolledAt?: number;
  readonly status: 'pending' | 'approved' | 'denied';
  /** The person who decided, once they have. */
  readonly userId?: string;
  readonly consumedAt?: number;
}

/** The verification page's way in: the user code's digest names its device authorization. */
export interface UserCodeRecord {
  readonly digest: string;
  readonly deviceDigest: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** The device authorization's resource (RFC 8707): named on the consent page. */
  readonly resource?: string;
  readonly expiresAt: number;
}

/**
 * The writes of the device authorization grant (functions/store/device-codes.ts); its reads
 * are the descriptors `ReadCatalog.deviceCode` and `ReadCatalog.userCode`.
 */
export interface DeviceStore {
  /** Stores both codes in one transaction; false when the user code is taken by a live one (try another). */
  start(device: DeviceAuthorization): Promise<boolean>;
  /**
   * A pending poll (§3.5): records `at` only if the last poll is still `seen`; with `interval`,
   * the new (slowed down) interval too. False when a concurrent poll or a decision came first.
   */
  polled(device: DeviceAuthorization, at: number, interval?: number): Promise<boolean>;
  /**
   * The person's decision, once: the authorization leaves `pending` and the user code is
   * deleted, in one transaction. False when it was decided (or expired) meanwhile.
   */
  decide(code: UserCodeRecord, userId: string, approved: boolean, at: number): Promise<boolean>;
  /** Spends an approved authorization and records the grant and its refresh token, in one transaction. */
  redeem(device: DeviceAuthorization, grant: Authorization, refresh: RefreshToken, at: number): Promise<boolean>;
}
