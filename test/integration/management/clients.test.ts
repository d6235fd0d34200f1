import { beforeAll, describe, expect, it } from 'vitest';
import { basic, postForm } from '../../support/http.js';
import { aSignedInUser, anIntrospector, type SignedInUser } from '../../support/management.js';
import { authorizeAndApprove, CALLBACK } from '../../support/oauth-flow.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const newClient = (overrides: Record<string, unknown> = {}) => ({ name: 'Reading List', redirect: CALLBACK, ...overrides });

describe('the client routes: GET/POST /oauth/clients, PUT/DELETE /oauth/clients/{id}', () => {
  let server: TestServer;
  let alice: SignedInUser;
  let bob: SignedInUser;
  let introspect: (token: string) => Promise<boolean>;

  beforeAll(async () => {
    // The token endpoint's client cache off (SPEC §6): a delete reaches it at once too
    // (test/integration/token/client-cache.test.ts covers the bound with it on).
    server = await startTestServer({ CLIENT_CACHE_SECONDS: '0' });
    [alice, bob] = [await aSignedInUser(server.url, server.deps), await aSignedInUser(server.url, server.deps)];
    introspect = await anIntrospector(server.url, server.deps);
  });

  it('creates a confidential client owned by the caller, with its secret in the answer only', async () => {
    const res = await alice.api.post('/oauth/clients', newClient({ redirect: `${CALLBACK},https://app.example/cb` }));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      user_id: alice.id,
      name: 'Reading List',
      secret: expect.stringMatching(/^[\w-]{43}$/),
      redirect: `${CALLBACK},https://app.example/cb`,
      redirect_uris: [CALLBACK, 'https://app.example/cb'],
      personal_access_client: false,
      password_client: false,
      confidential: true,
      first_party: false,
      revoked: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updated_at: expect.any(String),
    });
    expect(res.body.plainSecret).toBe(res.body.secret);

    const listed = await alice.api.get('/oauth/clients');
    const mine = listed.body.find((c: { id: string }) => c.id === res.body.id);
    expect(mine).toMatchObject({ name: 'Reading List', secret: null });
    expect(mine.plainSecret).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(res.body.secret);
  });

  it('creates a public client, without a secret, when confidential is false; redirect_uris may be a list', async () => {
    const res = await alice.api.post('/oauth/clients', { name: 'SPA', redirect_uris: ['https://spa.example/cb'], confidential: false });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ confidential: false, secret: null, grant_types: ['authorization_code', 'refresh_token'] });
    expect(res.body.plainSecret).toBeUndefined();
  });

  it('accepts the form object of Passport’s Vue component, with its errors list', async () => {
    const res = await alice.api.post('/oauth/clients', { errors: [], name: 'From Vue', redirect: CALLBACK, confidential: true });
    expect(res.status).toBe(201);
  });

  it('gives a working client: its secret exchanges a code for tokens', async () => {
    const created = (await alice.api.post('/oauth/clients', newClient())).body;
    const answer = await authorizeAndApprove(server.url, alice.cookie, {
      response_type: 'code',
      client_id: created.id,
      redirect_uri: CALLBACK,
      state: 's',
    });
    const tokens = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'authorization_code', code: answer.code!, redirect_uri: CALLBACK },
      { authorization: basic(created.id, created.plainSecret) },
    );
    expect(tokens.status).toBe(200);
  });

  it('lists only the caller’s own clients, newest first', async () => {
    const first = (await bob.api.post('/oauth/clients', newClient({ name: 'Bob one' }))).body;
    const second = (await bob.api.post('/oauth/clients', newClient({ name: 'Bob two' }))).body;
    const listed = await bob.api.get('/oauth/clients');
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
    expect((await alice.api.get('/oauth/clients')).body.map((c: { id: string }) => c.id)).not.toContain(first.id);
  });

  it('renames a client and replaces its redirect URIs; the secret stays as it was', async () => {
    const created = (await alice.api.post('/oauth/clients', newClient())).body;
    const res = await alice.api.put(`/oauth/clients/${created.id}`, { id: created.id, errors: [], name: 'Renamed', redirect: 'https://new.example/cb' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, name: 'Renamed', redirect: 'https://new.example/cb', secret: null });
    expect(Date.parse(res.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(res.body.created_at));
    const stored = await server.deps.clients.get(created.id);
    expect(stored).toMatchObject({ name: 'Renamed', redirectUris: ['https://new.example/cb'] });
    expect(stored!.secrets).toHaveLength(1);
  });

  it('deletes (revokes) a client: its access and refresh tokens stop working at once, and it leaves the list', async () => {
    const created = (await alice.api.post('/oauth/clients', newClient())).body;
    const answer = await authorizeAndApprove(server.url, alice.cookie, { response_type: 'code', client_id: created.id, redirect_uri: CALLBACK, state: 's' });
    const tokens = (
      await postForm(
        `${server.url}/oauth/token`,
        { grant_type: 'authorization_code', code: answer.code!, redirect_uri: CALLBACK },
        { authorization: basic(created.id, created.plainSecret) },
      )
    ).body;
    expect(await introspect(tokens.access_token)).toBe(true);

    const res = await alice.api.delete(`/oauth/clients/${created.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await introspect(tokens.access_token)).toBe(false);
    const refresh = await postForm(
      `${server.url}/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { authorization: basic(created.id, created.plainSecret) },
    );
    expect(refresh.status).toBe(401);
    expect((await alice.api.get('/oauth/clients')).body.map((c: { id: string }) => c.id)).not.toContain(created.id);
    expect((await alice.api.delete(`/oauth/clients/${created.id}`)).status).toBe(404);
  });

  describe('someone else’s client is not found', () => {
    let alices: { id: string };
    beforeAll(async () => {
      alices = (await alice.api.post('/oauth/clients', newClient({ name: 'Alice private' }))).body;
    });

    it('for an update: 404, and the client is unchanged', async () => {
      const res = await bob.api.put(`/oauth/clients/${alices.id}`, newClient({ name: 'Hijacked' }));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: 'not_found', message: expect.any(String) });
      expect((await server.deps.clients.get(alices.id))!.name).toBe('Alice private');
    });

    it('for a deletion: 404, and the client still works', async () => {
      expect((await bob.api.delete(`/oauth/clients/${alices.id}`)).status).toBe(404);
      expect((await server.deps.clients.get(alices.id))!.revoked).toBe(false);
    });

    it('answers a client nobody owns (made with the CLI) and a malformed id the same way', async () => {
      const adminMade = (await server.deps.clients.list()).find((c) => c.userId === undefined)!;
      expect((await alice.api.delete(`/oauth/clients/${adminMade.id}`)).status).toBe(404);
      expect((await alice.api.put('/oauth/clients/not-a-uuid', newClient())).status).toBe(404);
      expect((await alice.api.delete('/oauth/clients/not-a-uuid')).status).toBe(404);
    });
  });

  describe('bad input gets 422 with the field at fault, and writes nothing', () => {
    const invalid = async (body: unknown, field: string) => {
      const before = (await alice.api.get('/oauth/clients')).body.length;
      const res = await alice.api.post('/oauth/clients', body);
      expect(res.status).toBe(422);
      expect(res.body.errors[field]).toEqual([expect.any(String)]);
      expect(res.body).toMatchObject({ error: 'invalid_request', message: res.body.errors[field][0] });
      expect((await alice.api.get('/oauth/clients')).body.length).toBe(before);
      return res.body.errors[field][0] as string;
    };

    it('malformed JSON, and JSON that is not an object', async () => {
      expect(await invalid('{"name": "x",', 'body')).toMatch(/not valid JSON/);
      expect(await invalid('["x"]', 'body')).toMatch(/JSON object/);
    });

    it('an unknown field', async () => {
      expect(await invalid(newClient({ personal_access_client: true }), 'personal_access_client')).toMatch(/Unknown field/);
    });

    it('a missing, blank or over-long name', async () => {
      await invalid({ redirect: CALLBACK }, 'name');
      await invalid(newClient({ name: '   ' }), 'name');
      expect(await invalid(newClient({ name: 'x'.repeat(256) }), 'name')).toMatch(/255/);
      await invalid(newClient({ name: 42 }), 'name');
    });

    it('a missing redirect URI, one with a fragment, http to anywhere but localhost, or not absolute', async () => {
      await invalid({ name: 'x' }, 'redirect');
      expect(await invalid(newClient({ redirect: 'https://app.example/cb#frag' }), 'redirect')).toMatch(/fragment/);
      expect(await invalid(newClient({ redirect: 'http://app.example/cb' }), 'redirect')).toMatch(/https/);
      await invalid(newClient({ redirect: '/relative' }), 'redirect');
      await invalid(newClient({ redirect: 'javascript:alert(1)' }), 'redirect');
      await invalid({ name: 'x', redirect_uris: [CALLBACK, 7] }, 'redirect_uris');
    });

    it('a confidential flag that is not a boolean', async () => {
      await invalid(newClient({ confidential: 'maybe' }), 'confidential');
    });

    it('the same checks on update', async () => {
      const created = (await alice.api.post('/oauth/clients', newClient())).body;
      const res = await alice.api.put(`/oauth/clients/${created.id}`, newClient({ redirect: 'http://evil.example/cb' }));
      expect(res.status).toBe(422);
      expect(res.body.errors.redirect).toBeDefined();
      expect((await alice.api.put(`/oauth/clients/${created.id}`, newClient({ confidential: false }))).status).toBe(422);
    });

    it('a body that is not JSON at all: 415', async () => {
      const res = await fetch(`${server.url}/oauth/clients`, {
        method: 'POST',
        headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrf, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x&redirect=https%3A%2F%2Fa.example',
      });
      expect(res.status).toBe(415);
    });
  });
});
