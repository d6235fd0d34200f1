import { signAccessToken } from '../functions/oauth/tokens/access-tokens.js';
import type { FunctionName } from '../functions/routes.js';
import { basic, get, ISSUER, postForm, type Call } from './calls.js';
import { DEVICE_CODE_GRANT } from '../functions/oauth/ports.js';
import { mintApprovedDeviceCodes, mintCodes, mintRefreshTokens, REDIRECT_URI, type ClientFixture, type World } from './fixtures.js';

/**
 * One row of the table: an endpoint or grant, the Lambda function that serves it, and how to
 * make a valid call to it again and again (single-use credentials come from pools that
 * `prepare` fills; a refresh hands back the next refresh token through `onResponse`).
 */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly fn: FunctionName;
  /** Issue #5's floor: DynamoDB requests per warm call. */
  readonly floor: number;
  /** CLIENT_CACHE_SECONDS for this row, when not the default (the "cache off" rows: 0). */
  readonly clientCacheSeconds?: number;
  /** Makes at least `count` more calls possible. */
  prepare(count: number): Promise<void>;
  /** The next call, or undefined when a pool ran dry. */
  next(): Call | undefined;
  onResponse?(status: number, body: string): void;
}

const auth = (client: ClientFixture) => basic(client.id, client.secret);

function fixed(id: string, label: string, fn: FunctionName, floor: number, call: Call, clientCacheSeconds?: number): Scenario {
  return { id, label, fn, floor, prepare: async () => {}, next: () => call, ...(clientCacheSeconds !== undefined ? { clientCacheSeconds } : {}) };
}

/** A row whose calls each spend one credential (a code, a device code) from a pool that `prepare` fills with `mint`. */
function singleUse<T>(row: Pick<Scenario, 'id' | 'label' | 'fn' | 'floor'>, mint: (want: number) => Promise<T[]>, call: (credential: T) => Call): Scenario {
  const pool: T[] = [];
  return {
    ...row,
    async prepare(count) {
      const want = count - pool.length;
      if (want > 0) pool.push(...(await mint(want)));
    },
    next() {
      const credential = pool.shift();
      return credential === undefined ? undefined : call(credential);
    },
  };
}

/** An access token as the password grant issues it (with its grant id), signed by the key ring. */
async function accessToken(world: World, client: ClientFixture): Promise<string> {
  const [refresh] = await mintRefreshTokens(world, client, 1);
  const grantId = refresh!.split('.')[0]!;
  const issued = await signAccessToken(world.deps.keys, {
    issuer: ISSUER,
    audience: ISSUER,
    subject: world.user.id,
    clientId: client.id,
    scopes: world.scopes,
    ttlSeconds: 3600,
    grantId,
  });
  return issued.token;
}

export async function scenarios(world: World): Promise<Scenario[]> {
  const { passwordClient, webClient, service, ownedService, resourceServer, deviceClient } = world;
  const token = '/oauth/token';

  const refreshPool: string[] = [];
  const refresh: Scenario = {
    id: 'refresh_token',
    label: 'refresh',
    fn: 'token',
    floor: 2,
    async prepare(count) {
      // Each successful refresh returns the next token, so a few spare tokens per caller suffice.
      const want = Math.min(count, 64) - refreshPool.length;
      if (want > 0) refreshPool.push(...(await mintRefreshTokens(world, passwordClient, want)));
    },
    next() {
      const current = refreshPool.shift();
      if (current === undefined) return undefined;
      return postForm(token, { grant_type: 'refresh_token', refresh_token: current }, auth(passwordClient));
    },
    onResponse(status, body) {
      if (status === 200) refreshPool.push(JSON.parse(body).refresh_token as string);
    },
  };

  const code = singleUse(
    { id: 'authorization_code', label: 'code exchange', fn: 'token', floor: 2 },
    (want) => mintCodes(world, webClient, want),
    (minted) =>
      postForm(
        token,
        { grant_type: 'authorization_code', code: minted.code, redirect_uri: REDIRECT_URI, code_verifier: minted.verifier },
        auth(webClient),
      ),
  );

  // RFC 8628: the poll that finds the approval and gets the tokens (a pending poll answers
  // 400, which the load counts as a failure: its one read and one write are counted by
  // test/integration/device/device-grant.test.ts instead).
  const devicePoll = singleUse(
    { id: 'device_code', label: 'device poll, approved', fn: 'token', floor: 2 },
    (want) => mintApprovedDeviceCodes(world, deviceClient, want),
    (deviceCode) => postForm(token, { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode }, auth(deviceClient)),
  );

  let signer = 0;
  const password: Scenario = {
    id: 'password',
    label: 'password',
    fn: 'token',
    floor: 4,
    prepare: async () => {},
    next() {
      const { email, password: secret } = world.signers[signer++ % world.signers.length]!;
      return postForm(token, { grant_type: 'password', username: email, password: secret, scope: 'read' }, auth(passwordClient));
    },
  };

  const introspected = await accessToken(world, passwordClient);
  const revoked = await accessToken(world, passwordClient);
  return [
    // Warm, the client (CLIENT_CACHE_SECONDS) and the scope catalogue (10 s) come from memory.
    fixed('client_credentials', 'client credentials', 'token', 0,
      postForm(token, { grant_type: 'client_credentials', scope: 'read' }, auth(service))),
    // The same request with the token endpoint's client cache off (CLIENT_CACHE_SECONDS=0):
    // the client is read on every call (the catalogue stays cached).
    fixed('client_credentials_cache_off', 'client credentials, client cache off', 'token', 1,
      postForm(token, { grant_type: 'client_credentials', scope: 'read' }, auth(service)), 0),
    // The owner's permissions are one more read (a Query of gsi1), beyond the floor.
    fixed('client_credentials_owned', 'client credentials, owned client', 'token', 0,
      postForm(token, { grant_type: 'client_credentials', scope: 'read' }, auth(ownedService))),
    // The attempt is counted before the password is checked (SPEC §6) and cleared after it:
    // BatchGetItem, PutItem (the count), TransactWriteItems (the tokens), DeleteItem (the count).
    password,
    { ...password, id: 'password_cache_off', label: 'password, client cache off', clientCacheSeconds: 0 },
    code,
    refresh,
    devicePoll,
    // The device's first request: the client and the catalogue in one batch, both codes in one transaction.
    fixed('device_authorization', 'device authorization', 'deviceAuthorization', 2,
      postForm('/oauth/device/code', { scope: 'read' }, auth(deviceClient))),
    // A resource server asking about a user's access token: caller, token client, grant and
    // deny-list entry in one batch.
    fixed('introspect', 'introspect (access token)', 'introspect', 1,
      postForm('/oauth/introspect', { token: introspected }, auth(resourceServer))),
    // The same access token each time: a deny-list put per call, as for a fresh token.
    fixed('revoke', 'revoke (access token)', 'revoke', 2,
      postForm('/oauth/revoke', { token: revoked, token_type_hint: 'access_token' }, auth(passwordClient))),
    fixed('jwks', 'JWKS', 'jwks', 0, get('/oauth/jwks')),
    fixed('discovery', 'discovery', 'metadata', 0, get('/.well-known/oauth-authorization-server')),
  ];
}
