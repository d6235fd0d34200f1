import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aClient, aScope, aUser } from '../../support/fixtures.js';
import { faultsInjected, injectFault, throttling, timeout, transactionCanceled } from '../../support/faults.js';
import { basic, postForm, type JsonResponse } from '../../support/http.js';
import { authorizeAndApprove, CALLBACK, post, signIn } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

/**
 * DynamoDB failing under the server: the answer is 503 temporarily_unavailable with
 * Retry-After, nothing is left half done, and the same request retried later succeeds.
 */
describe('DynamoDB faults', () => {
  let server: TestServer;
  let app: { client_id: string; client_secret?: string };
  let web: { client_id: string; client_secret?: string };
  let user: { email: string; password: string };
  let scope: string;

  beforeAll(async () => {
    server = await startTestServer();
    scope = (await aScope(server.deps)).name;
    app = await aClient(server.deps, { kind: 'password' });
    web = await aClient(server.deps, { kind: 'confidential', firstParty: true });
    user = await aUser(server.deps);
  });

  afterAll(() => console.log(`faults: ${faultsInjected()} faults injected, each answered 503 and recovered`));

  const as = (c: typeof app) => ({ authorization: basic(c.client_id, c.client_secret!) });
  const token = (params: Record<string, string>, c = app) => postForm(`${server.url}/oauth/token`, params, as(c));
  const expectUnavailable = (res: JsonResponse) => {
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('temporarily_unavailable');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  };
  const password = () => token({ grant_type: 'password', username: user.email, password: user.password });

  it('answers throttled and timed-out reads with 503, and the retry succeeds', async () => {
    for (const error of [throttling, timeout]) {
      const fault = injectFault(server.deps.table.doc, 'BatchGetItem', error);
      expectUnavailable(await password());
      fault.remove();
      expect((await password()).status).toBe(200);
    }
  });

  it('leaves a refresh token unrotated when the rotation transaction fails', async () => {
    const first = (await password()).body;
    const fault = injectFault(server.deps.table.doc, 'TransactWriteItems', transactionCanceled);
    expectUnavailable(await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token }));
    fault.remove();
    // Not rotated, not revoked: the same refresh token still works once.
    const retried = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(retried.status).toBe(200);
    expect((await token({ grant_type: 'refresh_token', refresh_token: retried.body.refresh_token })).status).toBe(200);
  });

  it('consumes no code without writing its grant', async () => {
    const cookie = await signIn(server.url, user.email, user.password);
    const { code } = await authorizeAndApprove(server.url, cookie, { response_type: 'code', client_id: web.client_id, redirect_uri: CALLBACK, scope });
    const exchange = () => token({ grant_type: 'authorization_code', code: code!, redirect_uri: CALLBACK }, web);
    const fault = injectFault(server.deps.table.doc, 'TransactWriteItems', transactionCanceled);
    expectUnavailable(await exchange());
    fault.remove();
    const retried = await exchange();
    expect(retried.status).toBe(200);
    expect(retried.body.refresh_token).toBeTruthy();
  });

  it('loses no revocation: a failed one says so, and its retry takes effect', async () => {
    const tokens = (await password()).body;
    const fault = injectFault(server.deps.table.doc, 'UpdateItem', throttling);
    expectUnavailable(await postForm(`${server.url}/oauth/revoke`, { token: tokens.refresh_token }, as(app)));
    fault.remove();
    expect((await postForm(`${server.url}/oauth/revoke`, { token: tokens.refresh_token }, as(app))).status).toBe(200);
    expect((await postForm(`${server.url}/oauth/introspect`, { token: tokens.access_token }, as(app))).body.active).toBe(false);
  });

  it('survives a failure between two steps of a sign-in: no session, a clear 503, and the retry signs in', async () => {
    // A failed attempt first, so the successful one has two writes: reset the counter, then
    // store the session. The second write fails.
    await post(`${server.url}/oauth/login`, { email: user.email, password: 'not the password' });
    const fault = injectFault(server.deps.table.doc, 'PutItem', throttling);
    const failed = await post(`${server.url}/oauth/login`, { email: user.email, password: user.password });
    fault.remove();
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(failed.setCookie).toBeUndefined();
    const retried = await post(`${server.url}/oauth/login`, { email: user.email, password: user.password });
    expect(retried.status).toBe(303);
    expect(retried.setCookie).toBeTruthy();
  });

  it('loses no access-token revocation either', async () => {
    const tokens = (await password()).body;
    const fault = injectFault(server.deps.table.doc, 'PutItem', timeout);
    expectUnavailable(await postForm(`${server.url}/oauth/revoke`, { token: tokens.access_token }, as(app)));
    fault.remove();
    expect((await postForm(`${server.url}/oauth/revoke`, { token: tokens.access_token }, as(app))).status).toBe(200);
    expect((await postForm(`${server.url}/oauth/introspect`, { token: tokens.access_token }, as(app))).body.active).toBe(false);
  });
});
