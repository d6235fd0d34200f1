/**
 * The artifacts `cdk deploy` uploads, run as Lambda runs them: each function's synthesized
 * bundle in a folder of its own (no project node_modules), on the official Node 22 binary, with
 * exactly the environment its template sets, invoked with HTTP API payload 2.0 events. Its
 * DynamoDB and KMS calls go through stand-ins that refuse anything its synthesized IAM policy
 * does not allow (AccessDeniedException), so a missing grant is a failing test here rather than
 * a 500 on AWS; KEY_PROTECTOR=kms is what runs.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Duration } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FUNCTIONS } from '../../functions/routes.js';
import { aClient, aScope, aUser } from '../support/fixtures.js';
import { basic, getJson, postForm, type JsonResponse } from '../support/http.js';
import { api, aSignedInUser, anAuthorizedApp, type SignedInUser } from '../support/management.js';
import { authorizeAndApprove, CALLBACK, formFields, get, pkcePair, post, query, signIn } from '../support/oauth-flow.js';
import { startStack, type RunningStack } from '../support/lambda/stack.js';
import { decide, enterCode, poll, startDevice } from '../support/device-flow.js';

let stack: RunningStack;

/** `cdk synth` with esbuild for every function: minutes on a busy 2-core machine. */
const SYNTH_TIMEOUT_MS = 600_000;
let base: string;
/** Every stack this file ran: the IAM test judges each function by all of them. */
const stacks: RunningStack[] = [];

beforeAll(async () => {
  stack = await startStack({ dynamodbLocal: inject('dynamodbEndpoint') });
  stacks.push(stack);
  base = stack.base;
  await aScope(stack.deps, 'read', 'Read your data');
}, SYNTH_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(stacks.map((s) => s.stop()));
});

const tokenWith = (client: { client_id: string; client_secret?: string }, params: Record<string, string>) =>
  postForm(`${base}/oauth/token`, params, { authorization: basic(client.client_id, client.client_secret!) });

async function verify(accessToken: string) {
  const jwks = createRemoteJWKSet(new URL(`${base}/oauth/jwks`), { cacheMaxAge: 0, cooldownDuration: 0 });
  return jwtVerify(accessToken, jwks, { issuer: stack.issuer, audience: stack.issuer, typ: 'at+jwt' });
}

describe('the deployed functions, on an empty table', () => {
  it('answer discovery with the issuer the template sets', async () => {
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const res = await getJson(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.body.issuer).toBe(stack.issuer);
    }
    const jwks = await getJson(`${base}/oauth/jwks`);
    expect(jwks.status).toBe(200);
  });

  it('create exactly one signing key, sealed under KMS, on the first token request, and sign with it', async () => {
    const client = await aClient(stack.deps, { kind: 'client_credentials' });
    const res = await tokenWith(client, { grant_type: 'client_credentials' });
    expect(res.status, res.text).toBe(200);
    expect(await stack.signingKeyCount()).toBe(1);
    const { payload } = await verify(res.body.access_token);
    expect(payload.client_id).toBe(client.client_id);
    // One key pair sealed by one GenerateDataKey, although two loads asked for a key at once.
    expect(stack.deployment.functions.token.aws.usage.count.get('kms:GenerateDataKey')).toBe(1);
  });
});

describe('the client-credentials grant', () => {
  it('reads nothing when warm: the client (CLIENT_CACHE_SECONDS) and the scope catalogue (10 s) are cached per container', async () => {
    const client = await aClient(stack.deps, { kind: 'client_credentials' });
    await tokenWith(client, { grant_type: 'client_credentials' });
    const usage = stack.deployment.functions.token.aws.usage;
    const before = { reads: usage.readUnits, writes: usage.writeUnits };
    const res = await tokenWith(client, { grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    expect({ reads: usage.readUnits - before.reads, writes: usage.writeUnits - before.writes }).toEqual({ reads: 0, writes: 0 });
  });

  it('keeps a user-owned client within what its owner may do', async () => {
    const owner = await aUser(stack.deps, { scopes: 'read' });
    const client = await aClient(stack.deps, { kind: 'client_credentials', userEmail: owner.email });
    const res = await tokenWith(client, { grant_type: 'client_credentials', scope: 'read' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.scope).toBe('read');
  });
});

describe('the password grant and its lockout', () => {
  it('answers two wrong passwords with invalid_grant, then the right one with tokens', async () => {
    const client = await aClient(stack.deps, { kind: 'password' });
    const user = await aUser(stack.deps, { scopes: 'read' });
    for (let i = 0; i < 2; i++) {
      const wrong = await tokenWith(client, { grant_type: 'password', username: user.email, password: 'not the password' });
      expect(wrong.status, wrong.text).toBe(400);
      expect(wrong.body.error).toBe('invalid_grant');
    }
    const right = await tokenWith(client, { grant_type: 'password', username: user.email, password: user.password, scope: 'read' });
    expect(right.status, right.text).toBe(200);
    expect((await verify(right.body.access_token)).payload.sub).toBe(user.id);
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const client = await aClient(stack.deps, { kind: 'password' });
    const user = await aUser(stack.deps);
    for (let i = 0; i < 5; i++) {
      expect((await tokenWith(client, { grant_type: 'password', username: user.email, password: `wrong-${i}` })).status).toBe(400);
    }
    const locked = await tokenWith(client, { grant_type: 'password', username: user.email, password: user.password });
    expect(locked.status).toBe(400);
    expect(locked.body.error_description).toMatch(/Too many failed/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rotates refresh tokens, and a reused one revokes the whole grant', async () => {
    const client = await aClient(stack.deps, { kind: 'password' });
    const user = await aUser(stack.deps);
    const first = await tokenWith(client, { grant_type: 'password', username: user.email, password: user.password });
    const second = await tokenWith(client, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(second.status, second.text).toBe(200);
    const reused = await tokenWith(client, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    const afterReuse = await tokenWith(client, { grant_type: 'refresh_token', refresh_token: second.body.refresh_token });
    expect(afterReuse.body.error).toBe('invalid_grant');
  });
});

describe('the login page', () => {
  const login = (fields: Record<string, string>) => post(`${base}/oauth/login`, fields);

  it('answers two wrong passwords with the form again, then signs in with the right one', async () => {
    const user = await aUser(stack.deps);
    expect((await get(`${base}/oauth/login`)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login({ email: user.email, password: 'not the password' })).status).toBe(401);
    const ok = await login({ email: user.email, password: user.password });
    expect(ok.status).toBe(303);
    expect(ok.setCookie).toMatch(/connect_session=/);
    // Signed in, the page offers sign-out; signing out ends the session.
    const page = await get(`${base}/oauth/login`, ok.setCookie);
    const out = await post(`${base}/oauth/logout`, formFields(page.text, '/oauth/logout'), ok.setCookie);
    expect(out.status).toBe(303);
    expect((await get(`${base}/oauth/login`, ok.setCookie)).text).toMatch(/<h1>Sign in<\/h1>/);
  });

  it('locks an account out after repeated failures with 429 and Retry-After', async () => {
    const user = await aUser(stack.deps);
    for (let i = 0; i < 5; i++) expect((await login({ email: user.email, password: `wrong-${i}` })).status).toBe(401);
    const locked = await login({ email: user.email, password: user.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the authorization-code flow', () => {
  it('issues a code through login and consent, exchanges it once, and a replay revokes what it issued', async () => {
    const user = await aUser(stack.deps, { scopes: 'read' });
    const client = await aClient(stack.deps, { kind: 'confidential', redirectUris: [CALLBACK] });
    const cookie = await signIn(base, user.email, user.password);
    const request = await get(`${base}/oauth/request?client=${client.client_id}&scope=read`);
    expect(request.status).toBe(302);
    expect(query(request.location).client_id).toBe(client.client_id);

    const pkce = pkcePair();
    const answer = await authorizeAndApprove(base, cookie, {
      response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK, scope: 'read', state: 's1',
      code_challenge: pkce.challenge, code_challenge_method: 'S256',
    });
    expect(answer.state).toBe('s1');
    const exchange = { grant_type: 'authorization_code', code: answer.code!, redirect_uri: CALLBACK, code_verifier: pkce.verifier };
    const tokens = await tokenWith(client, exchange);
    expect(tokens.status, tokens.text).toBe(200);
    const replay = await tokenWith(client, exchange);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const refresh = await tokenWith(client, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token });
    expect(refresh.body.error).toBe('invalid_grant');
  });
});

describe('revocation and introspection', () => {
  it('introspects a live token as active, and as inactive once its refresh token is revoked', async () => {
    const client = await aClient(stack.deps, { kind: 'password' });
    const introspector = await aClient(stack.deps, { kind: 'client_credentials', introspect: true }); // a resource server
    const user = await aUser(stack.deps);
    const tokens = await tokenWith(client, { grant_type: 'password', username: user.email, password: user.password });
    const introspect = (token: string) =>
      postForm(`${base}/oauth/introspect`, { token }, { authorization: basic(introspector.client_id, introspector.client_secret!) });
    expect((await introspect(tokens.body.access_token)).body.active).toBe(true);
    const wrongSecret = await postForm(`${base}/oauth/introspect`, { token: tokens.body.access_token }, { authorization: basic(introspector.client_id, 'wrong') });
    expect(wrongSecret.status).toBe(401);

    const revoked = await postForm(`${base}/oauth/revoke`, { token: tokens.body.refresh_token }, { authorization: basic(client.client_id, client.client_secret!) });
    expect(revoked.status).toBe(200);
    expect((await introspect(tokens.body.access_token)).body.active).toBe(false);
    // An access token (a JWT) revoked by itself goes on the deny-list.
    const other = await tokenWith(client, { grant_type: 'password', username: user.email, password: user.password });
    await postForm(`${base}/oauth/revoke`, { token: other.body.access_token }, { authorization: basic(client.client_id, client.client_secret!) });
    expect((await introspect(other.body.access_token)).body.active).toBe(false);
  });
});

describe('the management API and the account page', () => {
  let alice: SignedInUser;

  beforeAll(async () => {
    await aClient(stack.deps, { kind: 'personal' });
    alice = await aSignedInUser(base, stack.deps);
  });

  it('lists, creates, updates and deletes the user’s clients', async () => {
    const created = await alice.api.post('/oauth/clients', { name: 'Mine', redirect: CALLBACK, confidential: true });
    expect(created.status, created.text).toBe(201);
    expect((await alice.api.get('/oauth/clients')).body.map((c: { id: string }) => c.id)).toContain(created.body.id);
    const updated = await alice.api.put(`/oauth/clients/${created.body.id}`, { name: 'Renamed', redirect: CALLBACK });
    expect(updated.status, updated.text).toBe(200);
    expect((await alice.api.delete(`/oauth/clients/${created.body.id}`)).status).toBe(204);
    expect((await alice.api.delete(`/oauth/clients/${created.body.id}`)).status).toBe(404);
  });

  it('creates, lists and revokes personal access tokens, which work as Bearer tokens', async () => {
    const created = await alice.api.post('/oauth/personal-access-tokens', { name: 'Script', scopes: ['read'] });
    expect(created.status, created.text).toBe(201);
    expect((await verify(created.body.accessToken)).payload.sub).toBe(alice.id);
    const listed = await alice.api.get('/oauth/personal-access-tokens');
    expect(listed.body.map((t: { id: string }) => t.id)).toContain(created.body.token.id);
    expect((await alice.api.delete(`/oauth/personal-access-tokens/${created.body.token.id}`)).status).toBe(204);
    const after = (await alice.api.get('/oauth/personal-access-tokens')).body as { id: string; revoked: boolean }[];
    expect(after.find((t) => t.id === created.body.token.id)?.revoked ?? true).toBe(true);
  });

  it('lists the authorized apps and revokes one', async () => {
    const app = await anAuthorizedApp(base, stack.deps, alice, { scope: 'read' });
    const listed = await alice.api.get('/oauth/tokens');
    expect(listed.body.map((t: { id: string }) => t.id)).toContain(app.grantId);
    expect((await alice.api.delete(`/oauth/tokens/${app.grantId}`)).status).toBe(204);
    expect((await app.refresh()).body.error).toBe('invalid_grant');
  });

  it('lets a first-party app’s Bearer token read the user’s clients, tokens, personal tokens and scopes', async () => {
    const app = await anAuthorizedApp(base, stack.deps, alice, { firstParty: true, scope: 'connect:account' });
    const bearer = api(base, { bearer: app.accessToken });
    for (const path of ['/oauth/clients', '/oauth/tokens', '/oauth/personal-access-tokens', '/oauth/scopes']) {
      expect((await bearer.get(path)).status, path).toBe(200);
    }
  });

  it('shows the account page and carries out its forms', async () => {
    const form = (path: string, fields: Record<string, string> = {}) => post(`${base}${path}`, { csrf_token: alice.csrf, ...fields }, alice.cookie);
    expect((await get(`${base}/oauth/account`, alice.cookie)).status).toBe(200);
    expect((await get(`${base}/oauth/account`)).status).toBe(302);
    const pat = await form('/oauth/account/personal-access-tokens', { name: 'Laptop', 'scope:read': '1' });
    expect(pat.status, pat.text).toBe(200);
    const client = await form('/oauth/account/clients', { name: 'My app', redirect: CALLBACK, confidential: '1' });
    expect(client.status, client.text).toBe(200);
    const clients = (await alice.api.get('/oauth/clients')).body as { id: string; name: string }[];
    const mine = clients.find((c) => c.name === 'My app')!;
    expect((await form(`/oauth/account/clients/${mine.id}/secret`)).status).toBe(200);
    expect((await form(`/oauth/account/clients/${mine.id}/delete`)).status).toBe(303);
    const tokens = (await alice.api.get('/oauth/personal-access-tokens')).body as { id: string }[];
    expect((await form(`/oauth/account/personal-access-tokens/${tokens[0]!.id}/revoke`)).status).toBe(303);
    const app = await anAuthorizedApp(base, stack.deps, alice);
    expect((await form(`/oauth/account/tokens/${app.grantId}/revoke`)).status).toBe(303);
    expect((await app.refresh()).body.error).toBe('invalid_grant');
  });
});

describe('operating it', () => {
  it('logs a failed request as one ERROR line with a stack pointing at the TypeScript, which the alarm counts', async () => {
    const introspect = stack.deployment.functions.introspect;
    const client = await aClient(stack.deps, { kind: 'client_credentials' });
    introspect.aws.failNext(3); // the SDK's three attempts
    const res = await postForm(`${base}/oauth/introspect`, { token: 'x' }, { authorization: basic(client.client_id, client.client_secret!) });
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('temporarily_unavailable');
    const errors = introspect.logs.flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    }).filter((entry) => entry.level === 'ERROR'); // SERVER_ERROR_PATTERN: { $.level = "ERROR" }
    expect(errors).toHaveLength(1);
    expect(errors[0].message.error.stack).toMatch(/functions\/[\w/-]+\.ts:\d+:\d+/);
    expect(JSON.stringify(errors[0])).not.toContain(client.client_secret!);
    stack.gateway.invocations.splice(stack.gateway.invocations.findIndex((i) => i.status === 503), 1);
  });

  it('answers preflights on the OAuth JSON endpoints only, as the local server does', async () => {
    const preflight = (path: string) =>
      fetch(`${base}${path}`, { method: 'OPTIONS', headers: { origin: 'https://spa.example', 'access-control-request-method': 'POST' } });
    const token = await preflight('/oauth/token');
    expect(token.status).toBe(204);
    expect(token.headers.get('access-control-allow-origin')).toBe('*');
    for (const path of ['/oauth/clients', '/oauth/login', '/oauth/account']) {
      const res = await preflight(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
  });
});

describe('key rotation', () => {
  it('stages a new key from the scheduled event; both are published and tokens still verify', async () => {
    const before = await stack.signingKeyCount();
    const result = (await stack.deployment.functions.rotateKeys.invoke({})) as unknown as { kid: string };
    expect(result.kid).toEqual(expect.any(String));
    expect(await stack.signingKeyCount()).toBe(before + 1);
    // Warm containers see it within their 10 s key cache (SPEC §6); a new container at once.
    await stack.deployment.functions.jwks.recycle();
    const jwks = await getJson(`${base}/oauth/jwks`);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toContain(result.kid);
    const client = await aClient(stack.deps, { kind: 'client_credentials' });
    const res = await tokenWith(client, { grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    await verify(res.body.access_token);
  });
});

describe('a fresh deployment with a refresh grace period', () => {
  let fresh: RunningStack;

  beforeAll(async () => {
    fresh = await startStack({ dynamodbLocal: inject('dynamodbEndpoint'), props: { server: { tokenLifetimes: { refreshGracePeriod: Duration.seconds(60) } } } });
    stacks.push(fresh);
    await aScope(fresh.deps, 'read', 'Read your data');
    await aClient(fresh.deps, { kind: 'personal' });
  });

  it('creates the first signing key from the management API when a personal access token comes first', async () => {
    const user = await aSignedInUser(fresh.base, fresh.deps);
    const created = await user.api.post('/oauth/personal-access-tokens', { name: 'First', scopes: ['read'] });
    expect(created.status, created.text).toBe(201);
    expect(await fresh.signingKeyCount()).toBe(1);
    expect(fresh.deployment.functions.personalTokens.aws.usage.count.get('kms:GenerateDataKey')).toBe(1);
  });

  it('answers a refresh retried within the grace period with new tokens', async () => {
    const client = await aClient(fresh.deps, { kind: 'password' });
    const user = await aUser(fresh.deps);
    const token = (params: Record<string, string>) =>
      postForm(`${fresh.base}/oauth/token`, params, { authorization: basic(client.client_id, client.client_secret!) });
    const first = await token({ grant_type: 'password', username: user.email, password: user.password });
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    const retried = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(retried.status, retried.text).toBe(200);
  });
});

describe('a fresh deployment whose first signed token comes from the account page', () => {
  it('creates the first signing key there', async () => {
    const fresh = await startStack({ dynamodbLocal: inject('dynamodbEndpoint') });
    stacks.push(fresh);
    await aScope(fresh.deps, 'read', 'Read your data');
    await aClient(fresh.deps, { kind: 'personal' });
    const user = await aSignedInUser(fresh.base, fresh.deps);
    const created = await post(`${fresh.base}/oauth/account/personal-access-tokens`, { csrf_token: user.csrf, name: 'First', 'scope:read': '1' }, user.cookie);
    expect(created.status, created.text).toBe(200);
    expect(await fresh.signingKeyCount()).toBe(1);
  });
});

describe('OpenID Connect', () => {
  it('returns an id_token, answers userinfo (GET and POST), and ends the session at end-session', async () => {
    const user = await aUser(stack.deps);
    const client = await aClient(stack.deps, { kind: 'confidential', redirectUris: [CALLBACK], postLogoutRedirectUris: [CALLBACK] });
    const cookie = await signIn(base, user.email, user.password);
    const answer = await authorizeAndApprove(base, cookie, { response_type: 'code', client_id: client.client_id, redirect_uri: CALLBACK, scope: 'openid email', nonce: 'n-1' });
    const tokens = await tokenWith(client, { grant_type: 'authorization_code', code: answer.code!, redirect_uri: CALLBACK });
    expect(tokens.status, tokens.text).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${base}/oauth/jwks`), { cacheMaxAge: 0, cooldownDuration: 0 });
    const { payload } = await jwtVerify(tokens.body.id_token, jwks, { issuer: stack.issuer, audience: client.client_id });
    expect(payload).toMatchObject({ sub: user.id, nonce: 'n-1' });

    const bearer = { authorization: `Bearer ${tokens.body.access_token}` };
    const viaGet = await getJson(`${base}/oauth/userinfo`, bearer);
    expect(viaGet.body).toMatchObject({ sub: user.id, email: user.email });
    expect((await postForm(`${base}/oauth/userinfo`, {}, bearer)).body.sub).toBe(user.id);

    // Without a hint: a confirmation form first, whose POST ends the session.
    const ask = await get(`${base}/oauth/end-session`, cookie);
    expect(ask.status).toBe(200);
    const confirmed = await post(`${base}/oauth/end-session`, formFields(ask.text, '/oauth/end-session'), cookie);
    expect(confirmed.status).toBe(200);
    // With the id_token as hint: straight back to the client, with its state.
    const again = await signIn(base, user.email, user.password);
    const hinted = await get(`${base}/oauth/end-session?${new URLSearchParams({ id_token_hint: tokens.body.id_token, post_logout_redirect_uri: CALLBACK, state: 'bye' })}`, again);
    expect(hinted.status).toBe(302);
    expect(query(hinted.location)).toEqual({ state: 'bye' });
  });
});

describe('the device authorization grant (RFC 8628)', () => {
  it('starts, stays pending, counts a wrong code, and gives one token response after the approval', async () => {
    const user = await aUser(stack.deps, { scopes: 'read' });
    const tv = await aClient(stack.deps, { kind: 'device' });
    const cookie = await signIn(base, user.email, user.password);
    const started = await startDevice(base, tv, { scope: 'read' });
    expect(started.status, started.text).toBe(200);
    expect((await poll(base, tv, started.body.device_code)).body.error).toBe('authorization_pending');
    expect((await enterCode(base, cookie, 'BBBB-BBBB')).status).toBe(400);
    expect((await decide(base, cookie, started.body.user_code, 'approve')).text).toContain('Device connected');
    const tokens = await poll(base, tv, started.body.device_code);
    expect(tokens.status, tokens.text).toBe(200);
    expect((await verify(tokens.body.access_token)).payload.scope).toBe('read');
    expect((await poll(base, tv, started.body.device_code)).body.error).toBe('invalid_grant');
  });

  it('tells a public device client access_denied once the person denies', async () => {
    const user = await aUser(stack.deps);
    const cli = await aClient(stack.deps, { kind: 'device', public: true });
    const cookie = await signIn(base, user.email, user.password);
    const started = await startDevice(base, cli);
    await decide(base, cookie, started.body.user_code, 'deny');
    expect((await poll(base, cli, started.body.device_code)).body.error).toBe('access_denied');
  });
});

describe('the IAM policies', () => {
  it('were never refused, and no request answered 5xx', () => {
    for (const run of stacks) {
      const denied = Object.values(run.deployment.functions).flatMap((f) => f.aws.usage.denied.map((d) => `${f.name}: ${d}`));
      expect(denied).toEqual([]);
      expect(run.gateway.invocations.filter((i) => i.status >= 500)).toEqual([]);
    }
  });

  /**
   * `dynamodb:Query` on the table, `dynamodb:Query index/gsi1`, `kms:Decrypt`: what a statement
   * grants, or what a call used, without the account-specific part of the ARN.
   */
  const permission = (action: string, resource: string) => {
    const index = /\/index\/([^/]+)$/.exec(resource)?.[1];
    return index ? `${action} index/${index}` : action;
  };

  it('grant each function exactly the DynamoDB and KMS actions its code was seen calling, on the indexes it queried', () => {
    const mismatches: Record<string, { grantedNeverUsed: string[]; usedNotGranted: string[] }> = {};
    for (const name of Object.keys(stack.deployment.functions) as (keyof typeof stack.deployment.functions)[]) {
      const granted = new Set(
        stack.deployment.functions[name].statements.flatMap((s) =>
          s.actions.filter((a) => /^(dynamodb|kms):/.test(a)).flatMap((a) => s.resources.map((r) => permission(a, r))),
        ),
      );
      const used = new Set(
        stacks.flatMap((run) => [...run.deployment.functions[name].aws.usage.calls].map((call) => permission(...(call.split(' ') as [string, string])))),
      );
      const grantedNeverUsed = [...granted].filter((p) => !used.has(p)).sort();
      const usedNotGranted = [...used].filter((p) => !granted.has(p)).sort();
      if (grantedNeverUsed.length + usedNotGranted.length > 0) mismatches[name] = { grantedNeverUsed, usedNotGranted };
    }
    expect(mismatches).toEqual({});
  });

  it('cover every routed function', () => {
    expect(Object.keys(stack.deployment.functions).sort()).toEqual([...Object.keys(FUNCTIONS), 'rotateKeys'].sort());
  });
});

export type { JsonResponse };
