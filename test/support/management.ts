/**
 * The management API as its callers use it: a browser session (cookie, with the CSRF token
 * read from a GET's `X-CSRF-TOKEN` header and sent back on writes), or a Bearer token.
 */
import type { Container } from '../../functions/container.js';
import { aClient, aUser } from './fixtures.js';
import { basic, postForm, read, type JsonResponse } from './http.js';
import { authorizeAndApprove, CALLBACK, signIn } from './oauth-flow.js';

export interface Credentials {
  readonly cookie?: string;
  readonly csrf?: string;
  readonly bearer?: string;
  readonly headers?: Record<string, string>;
}

export interface Api {
  get(path: string): Promise<JsonResponse<any>>;
  post(path: string, body?: unknown): Promise<JsonResponse<any>>;
  put(path: string, body?: unknown): Promise<JsonResponse<any>>;
  delete(path: string): Promise<JsonResponse<any>>;
}

/** A client of the management API at `base` with these credentials. A string body is sent as is. */
export function api(base: string, credentials: Credentials = {}): Api {
  const headers = (write: boolean): Record<string, string> => ({
    ...(credentials.cookie ? { cookie: credentials.cookie } : {}),
    ...(write && credentials.csrf ? { 'x-csrf-token': credentials.csrf } : {}),
    ...(credentials.bearer ? { authorization: `Bearer ${credentials.bearer}` } : {}),
    ...credentials.headers,
  });
  const send = async (method: string, path: string, body?: unknown) => {
    const write = method !== 'GET';
    const res = await fetch(`${base}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers(write) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return read(res);
  };
  return {
    get: (path) => send('GET', path),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    delete: (path) => send('DELETE', path),
  };
}

export interface SignedInUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly cookie: string;
  readonly csrf: string;
  /** The management API with this user's session and CSRF token. */
  readonly api: Api;
}

/** A new user, signed in through the login form; the CSRF token as a front end gets it. */
export async function aSignedInUser(base: string, deps: Container, options: { scopes?: string } = {}): Promise<SignedInUser> {
  const user = await aUser(deps, options);
  const cookie = await signIn(base, user.email, user.password);
  const probe = await api(base, { cookie }).get('/oauth/scopes');
  const csrf = probe.headers.get('x-csrf-token');
  if (probe.status !== 200 || !csrf) throw new Error(`no CSRF token for the session: ${probe.status} ${probe.text}`);
  return { ...user, cookie, csrf, api: api(base, { cookie, csrf }) };
}

/** An authorization-code client and a user's authorization of it: the tokens the app holds. */
export async function anAuthorizedApp(
  base: string,
  deps: Container,
  user: { cookie: string },
  options: { firstParty?: boolean; scope?: string; name?: string } = {},
) {
  const client = await aClient(deps, {
    kind: 'confidential',
    redirectUris: [CALLBACK],
    ...(options.firstParty ? { firstParty: true } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  const answer = await authorizeAndApprove(base, user.cookie, {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: CALLBACK,
    ...(options.scope ? { scope: options.scope } : {}),
    state: 'state-1',
  });
  const tokens = await postForm(
    `${base}/oauth/token`,
    { grant_type: 'authorization_code', code: answer.code!, redirect_uri: CALLBACK },
    { authorization: basic(client.client_id, client.client_secret!) },
  );
  if (tokens.status !== 200) throw new Error(`code exchange failed: ${tokens.text}`);
  const { payload } = decode(tokens.body.access_token);
  return {
    client,
    grantId: payload.gid as string,
    accessToken: tokens.body.access_token as string,
    refreshToken: tokens.body.refresh_token as string,
    refresh: () =>
      postForm(
        `${base}/oauth/token`,
        { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token },
        { authorization: basic(client.client_id, client.client_secret!) },
      ),
  };
}

function decode(jwt: string): { payload: Record<string, unknown> } {
  return { payload: JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) };
}

/** A resource server (`--introspect`) that introspects tokens of any client (RFC 7662, SPEC §6). */
export async function anIntrospector(base: string, deps: Container) {
  const client = await aClient(deps, { kind: 'client_credentials', introspect: true });
  return async (token: string): Promise<boolean> => {
    const res = await postForm(`${base}/oauth/introspect`, { token }, { authorization: basic(client.client_id, client.client_secret!) });
    if (res.status !== 200) throw new Error(`introspection failed: ${res.text}`);
    return res.body.active === true;
  };
}
