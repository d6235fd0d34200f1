/**
 * The route list: method + path → the handler module that serves it. The local server
 * (`npm start`) and the CDK stack both read this, so local and deployed routing cannot drift.
 *
 * Each handler is one Lambda function, `functions/handlers/<name>.ts`, exporting `handler`.
 * `access` states what the function does to the outside world, so the CDK stack can grant
 * exactly that and nothing more (least privilege, issue #4). These lists are held to the code by
 * test/bundles/lambda-bundles.test.ts: each synthesized bundle runs every path against a
 * DynamoDB that refuses what its policy does not allow, and each granted action must be used.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';

export type DynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

export interface FunctionSpec {
  /** Path of the entry module, relative to the project root. */
  readonly entry: string;
  /** DynamoDB actions on the table (and `indexes` when it queries them). */
  readonly dynamodb: readonly DynamoAction[];
  /** GSIs it queries. */
  readonly indexes: readonly string[];
  /** Signs tokens: may decrypt the private signing key. */
  readonly signs: boolean;
  /** Verifies argon2 hashes: needs the native argon2 binary in its bundle. */
  readonly hashes: boolean;
  /** Callable cross-origin (http/cors.ts): the local server answers its preflights. */
  readonly cors?: boolean;
}

const READ_KEYS: DynamoAction[] = ['dynamodb:Query']; // signing keys live in one partition
const TRANSACT_WRITE: DynamoAction[] = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];

export const FUNCTIONS = {
  metadata: {
    entry: 'functions/handlers/metadata.ts',
    cors: true,
    dynamodb: ['dynamodb:GetItem'], // the scope catalogue, cached per container
    indexes: [],
    signs: false,
    hashes: false,
  },
  jwks: { entry: 'functions/handlers/jwks.ts', dynamodb: READ_KEYS, indexes: [], signs: false, hashes: false, cors: true },
  token: {
    entry: 'functions/handlers/token.ts',
    cors: true,
    // The first signing key is created on first use if none exists (a transaction of puts).
    // authorization_code: a transaction consuming the code (UpdateItem) and putting the grant
    // and refresh token; a replay marks the code and revokes the grant (UpdateItem). A refresh
    // retried within the grace period checks the rotation it saw (ConditionCheckItem).
    // Once per container, the issuer record for the CLI (a conditional PutItem, SPEC §6).
    // password: the attempt counted before the check (PutItem/UpdateItem; a refused update
    // returns the counter as it was), cleared after a success (DeleteItem).
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS, ...TRANSACT_WRITE, 'dynamodb:DeleteItem'],
    indexes: ['gsi1'], // the owner of a client-credentials client, by user id
    signs: true,
    hashes: true,
  },
  revoke: {
    entry: 'functions/handlers/revoke.ts',
    cors: true,
    dynamodb: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', ...READ_KEYS],
    indexes: [],
    signs: false,
    hashes: true,
  },
  introspect: {
    entry: 'functions/handlers/introspect.ts',
    cors: true,
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS],
    indexes: [],
    signs: false,
    hashes: true,
  },
  /** GET: the request (and consent page); POST: the consent answer. Writes a code (and the consent). */
  authorize: {
    entry: 'functions/handlers/authorize.ts',
    // Reads: client + catalogue + session, then user + consent (BatchGetItem). Writes: the code
    // (PutItem), with the remembered consent in the same transaction (UpdateItem).
    dynamodb: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: [],
    signs: false,
    hashes: false,
  },
  /**
   * POST /oauth/device/code (RFC 8628 §3.1): reads the client and catalogue (BatchGetItem),
   * writes both codes in one transaction (PutItem); argon2 for a confidential client's secret.
   */
  deviceAuthorization: {
    entry: 'functions/handlers/device-authorization.ts',
    cors: true,
    dynamodb: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
    indexes: [],
    signs: false,
    hashes: true,
  },
  /**
   * GET/POST /oauth/device: the verification page (RFC 8628 §3.3). Reads the session, the
   * counters, the user code, then client, catalogue and user (BatchGetItem). Wrong codes are
   * counted like passwords (PutItem/UpdateItem/DeleteItem); the decision is one transaction
   * (UpdateItem of the device code, DeleteItem of the user code).
   */
  device: {
    entry: 'functions/handlers/device.ts',
    dynamodb: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    indexes: [],
    signs: false,
    hashes: false,
  },
  /** GET /oauth/request?client=ID: reads the client, redirects to /oauth/authorize. */
  authorizeRequest: {
    entry: 'functions/handlers/authorize-request.ts',
    dynamodb: ['dynamodb:BatchGetItem'],
    indexes: [],
    signs: false,
    hashes: false,
  },
  login: {
    entry: 'functions/handlers/login.ts',
    // The user and the attempt counters (BatchGetItem), the session on GET (BatchGetItem), a new
    // session (PutItem). The attempt counted before the check (PutItem/UpdateItem; a refused
    // update returns the counter as it was), the lock (UpdateItem), the counter cleared after a
    // success (DeleteItem).
    dynamodb: ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    indexes: [],
    signs: false,
    hashes: true,
  },
  logout: {
    entry: 'functions/handlers/logout.ts',
    dynamodb: ['dynamodb:DeleteItem'],
    indexes: [],
    signs: false,
    hashes: false,
  },
  // The management API (issue #6). Each caller is identified by the session (BatchGetItem) or a
  // Bearer token (the signing keys: Query; then client, grant and deny-list: BatchGetItem).
  /** GET/POST /oauth/clients, PUT/DELETE /oauth/clients/{id}: a user's own clients. */
  clients: {
    entry: 'functions/handlers/clients.ts',
    // Listing: gsi1 (Query). Creating: PutItem (and argon2 for the secret). Update, delete: UpdateItem.
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: ['gsi1'],
    signs: false,
    hashes: true,
  },
  /** GET/POST /oauth/personal-access-tokens, DELETE /oauth/personal-access-tokens/{id}. */
  personalTokens: {
    entry: 'functions/handlers/personal-access-tokens.ts',
    // Creating: the user (GetItem by email, or gsi1 by id), the newest personal access client
    // (gsi2), the catalogue (GetItem), the grant (PutItem; the very first signing key too).
    // Listing: gsi1. Revoking: UpdateItem.
    dynamodb: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', ...READ_KEYS, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: ['gsi1', 'gsi2'],
    signs: true,
    hashes: false,
  },
  /** GET /oauth/scopes: the catalogue, in the caller's batch. */
  scopes: {
    entry: 'functions/handlers/scopes.ts',
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS],
    indexes: [],
    signs: false,
    hashes: false,
  },
  /** GET /oauth/tokens, DELETE /oauth/tokens/{id}: the apps a user has authorized. */
  tokens: {
    entry: 'functions/handlers/tokens.ts',
    // Listing: gsi1, then the clients (BatchGetItem). Revoking: a transaction revoking the grant
    // (UpdateItem) and forgetting the consent (DeleteItem).
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS, 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    indexes: ['gsi1'],
    signs: false,
    hashes: false,
  },
  /** GET /oauth/account and its forms: everything the four above do, for the signed-in browser. */
  account: {
    entry: 'functions/handlers/account.ts',
    dynamodb: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      ...READ_KEYS,
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    indexes: ['gsi1', 'gsi2'],
    signs: true,
    hashes: true,
  },
  /** GET/POST /oauth/userinfo (OIDC Core §5.3): the signing keys (Query), then client, deny-list and grant (BatchGetItem) beside the user by id (gsi1). */
  userinfo: {
    entry: 'functions/handlers/userinfo.ts',
    cors: true,
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS],
    indexes: ['gsi1'],
    signs: false,
    hashes: false,
  },
  /** GET/POST /oauth/end-session (RP-Initiated Logout 1.0): the keys (Query), client and session (BatchGetItem), the session ended (DeleteItem). */
  endSession: {
    entry: 'functions/handlers/end-session.ts',
    dynamodb: ['dynamodb:BatchGetItem', ...READ_KEYS, 'dynamodb:DeleteItem'],
    indexes: [],
    signs: false,
    hashes: false,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

/**
 * The functions that authenticate a signed-in user themselves: the session cookie, or a Bearer
 * token of a first-party client checked live against revocation (which API Gateway's JWT
 * authorizer can neither read nor check).
 */
export const USER_FUNCTIONS: readonly FunctionName[] = ['clients', 'personalTokens', 'scopes', 'tokens', 'account'];

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: FunctionName;
}

/** A named route: a browser-facing page (`page: true`) also answers HEAD. */
interface NamedRoute extends Route {
  readonly page?: true;
}

/**
 * The one route table, keyed by name (issue 12, item 4): dispatch (`routeKey`), paths
 * (`pathTo`), the metadata's endpoint URLs, the local server and the CDK stack all derive from
 * it, so no other module spells a route.
 */
export const ROUTE = {
  metadata: { method: 'GET', path: '/.well-known/oauth-authorization-server', function: 'metadata' },
  openidConfiguration: { method: 'GET', path: '/.well-known/openid-configuration', function: 'metadata' },
  jwks: { method: 'GET', path: '/oauth/jwks', function: 'jwks' },
  token: { method: 'POST', path: '/oauth/token', function: 'token' },
  revoke: { method: 'POST', path: '/oauth/revoke', function: 'revoke' },
  introspect: { method: 'POST', path: '/oauth/introspect', function: 'introspect' },
  authorize: { method: 'GET', path: '/oauth/authorize', function: 'authorize', page: true },
  authorizeDecision: { method: 'POST', path: '/oauth/authorize', function: 'authorize' },
  request: { method: 'GET', path: '/oauth/request', function: 'authorizeRequest', page: true },
  // The device authorization grant (RFC 8628, SPEC §8).
  deviceAuthorization: { method: 'POST', path: '/oauth/device/code', function: 'deviceAuthorization' },
  device: { method: 'GET', path: '/oauth/device', function: 'device', page: true },
  deviceSubmit: { method: 'POST', path: '/oauth/device', function: 'device' },
  login: { method: 'GET', path: '/oauth/login', function: 'login', page: true },
  loginSubmit: { method: 'POST', path: '/oauth/login', function: 'login' },
  logout: { method: 'POST', path: '/oauth/logout', function: 'logout' },
  // The management API: Laravel Passport's JSON routes (SPEC §4).
  listClients: { method: 'GET', path: '/oauth/clients', function: 'clients' },
  createClient: { method: 'POST', path: '/oauth/clients', function: 'clients' },
  updateClient: { method: 'PUT', path: '/oauth/clients/{id}', function: 'clients' },
  deleteClient: { method: 'DELETE', path: '/oauth/clients/{id}', function: 'clients' },
  listPersonalTokens: { method: 'GET', path: '/oauth/personal-access-tokens', function: 'personalTokens' },
  createPersonalToken: { method: 'POST', path: '/oauth/personal-access-tokens', function: 'personalTokens' },
  deletePersonalToken: { method: 'DELETE', path: '/oauth/personal-access-tokens/{id}', function: 'personalTokens' },
  listScopes: { method: 'GET', path: '/oauth/scopes', function: 'scopes' },
  listTokens: { method: 'GET', path: '/oauth/tokens', function: 'tokens' },
  deleteToken: { method: 'DELETE', path: '/oauth/tokens/{id}', function: 'tokens' },
  // The account page and the forms it posts (HTML, session only).
  account: { method: 'GET', path: '/oauth/account', function: 'account', page: true },
  accountRevokeApp: { method: 'POST', path: '/oauth/account/tokens/{id}/revoke', function: 'account' },
  accountCreateToken: { method: 'POST', path: '/oauth/account/personal-access-tokens', function: 'account' },
  accountRevokeToken: { method: 'POST', path: '/oauth/account/personal-access-tokens/{id}/revoke', function: 'account' },
  accountCreateClient: { method: 'POST', path: '/oauth/account/clients', function: 'account' },
  accountRotateSecret: { method: 'POST', path: '/oauth/account/clients/{id}/secret', function: 'account' },
  accountDeleteClient: { method: 'POST', path: '/oauth/account/clients/{id}/delete', function: 'account' },
  // OpenID Connect (SPEC §10).
  userinfo: { method: 'GET', path: '/oauth/userinfo', function: 'userinfo' },
  userinfoPost: { method: 'POST', path: '/oauth/userinfo', function: 'userinfo' },
  endSession: { method: 'GET', path: '/oauth/end-session', function: 'endSession', page: true },
  endSessionConfirm: { method: 'POST', path: '/oauth/end-session', function: 'endSession' },
} as const satisfies Record<string, NamedRoute>;

export type RouteName = keyof typeof ROUTE;

/** API Gateway's route key, `DELETE /oauth/clients/{id}`: what a handler dispatches on. */
export type RouteKey<N extends RouteName> = `${(typeof ROUTE)[N]['method']} ${(typeof ROUTE)[N]['path']}`;

export function routeKey<N extends RouteName>(name: N): RouteKey<N> {
  const route = ROUTE[name];
  return `${route.method} ${route.path}` as RouteKey<N>;
}

/** The path of a route with its `{id}` filled in (encoded), relative to the issuer. */
export function pathTo(name: RouteName, id?: string): string {
  const path: string = ROUTE[name].path;
  return id === undefined ? path : path.replace('{id}', encodeURIComponent(id));
}

/**
 * Every method + path the API answers. A browser-facing page answers HEAD like GET, without
 * the body (RFC 9110 §9.3.2): the same function serves both (the page chain treats HEAD as
 * GET), locally and on API Gateway.
 */
export const ROUTES: readonly Route[] = Object.values(ROUTE as Record<RouteName, NamedRoute>).flatMap(
  ({ method, path, function: fn, page }): Route[] => [
    { method, path, function: fn },
    ...(page ? [{ method: 'HEAD', path, function: fn } as const] : []),
  ],
);

/** Paths whose preflight (OPTIONS) is answered: those of the functions callable cross-origin. */
export const PREFLIGHT_ROUTES: readonly Route[] = [
  ...new Map(
    ROUTES.filter((r) => (FUNCTIONS[r.function] as FunctionSpec).cors).map((r) => [r.path, { method: 'OPTIONS', path: r.path, function: r.function } as const]),
  ).values(),
];
