import { BatchWriteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoMeter, operations } from '../../../bench/meter.js';
import { newGrantId } from '../../../functions/oauth/tokens/issue.js';
import type { Authorization } from '../../../functions/oauth/ports.js';
import { grantToItem } from '../../../functions/store/items.js';
import { aClient } from '../../support/fixtures.js';
import { aSignedInUser, type SignedInUser } from '../../support/management.js';
import { startTestServer, type TestServer } from '../../support/server.js';

const NOW = Math.floor(Date.now() / 1000);

/** A personal access token record, `ageSeconds` old, expiring in `lifeSeconds` from now. */
function aGrant(userId: string, clientId: string, ageSeconds: number, lifeSeconds = 86400): Authorization {
  return {
    id: newGrantId(),
    kind: 'personal',
    clientId,
    userId,
    scopes: [],
    name: `token ${ageSeconds}`,
    jti: newGrantId(),
    createdAt: NOW - ageSeconds,
    expiresAt: NOW + lifeSeconds,
    revoked: false,
  };
}

/** Counts the items Query calls read (their ScannedCount), by a middleware on the handlers' own client. */
function countScanned(doc: DynamoDBDocumentClient): { take(): number } {
  let items = 0;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'QueryCommand') items += (result.output as { ScannedCount?: number }).ScannedCount ?? 0;
      return result;
    },
    { step: 'initialize', name: 'countScannedItems' },
  );
  return {
    take() {
      const read = items;
      items = 0;
      return read;
    },
  };
}

/** The target of `Link: <…>; rel="next"` (RFC 8288), if there is one. */
function nextUrl(link: string | null): URL | undefined {
  if (link === null) return undefined;
  const match = /^<([^>]+)>; rel="next"$/.exec(link);
  if (!match) throw new Error(`not a next link: ${link}`);
  return new URL(match[1]!);
}

/** Follows `Link: <…>; rel="next"` until the last page; returns every page's ids. */
async function allPages(user: SignedInUser, path: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | undefined = path;
  while (next) {
    const res = await user.api.get(next);
    expect(res.status).toBe(200);
    pages.push(res.body.map((t: { id: string }) => t.id));
    const link = nextUrl(res.headers.get('link'));
    next = link ? link.pathname + link.search : undefined;
    expect(pages.length).toBeLessThan(100);
  }
  return pages;
}

describe('listings page through the user’s own index partition', () => {
  let server: TestServer;
  let heavy: SignedInUser;
  let live: Authorization[];
  let meter: DynamoMeter;
  let scanned: { take(): number };

  beforeAll(async () => {
    server = await startTestServer();
    const personal = await aClient(server.deps, { kind: 'personal' });
    heavy = await aSignedInUser(server.url, server.deps);
    // 2,000 live tokens, 150 expired but not yet deleted by TTL among the newest, 30 revoked.
    live = Array.from({ length: 2000 }, (_, i) => aGrant(heavy.id, personal.client_id, 1000 + i));
    const expired = Array.from({ length: 150 }, (_, i) => aGrant(heavy.id, personal.client_id, 100 + i, -60));
    const revoked = Array.from({ length: 30 }, (_, i) => aGrant(heavy.id, personal.client_id, 500 + i));
    const items = [...live, ...expired, ...revoked].map(grantToItem);
    for (let i = 0; i < items.length; i += 25) {
      await server.deps.table.doc.send(
        new BatchWriteCommand({ RequestItems: { [server.deps.table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
    for (const grant of revoked) await server.deps.store.revokeGrant(grant.id);
    meter = new DynamoMeter().attach(server.deps.table.doc);
    scanned = countScanned(server.deps.table.doc);
  }, 120_000);

  it('answers the first page of a user with thousands of tokens from one batch and a bounded number of Query calls', async () => {
    await heavy.api.get('/oauth/personal-access-tokens'); // warm
    meter.take();
    scanned.take();
    const res = await heavy.api.get('/oauth/personal-access-tokens');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(50);
    expect(res.body.map((t: { id: string }) => t.id)).toEqual(live.slice(0, 50).map((g) => g.id)); // newest first
    const calls = operations(meter.take());
    // The 150 expired tokens on top are skipped in pages of at most limit + 1: never the 2,000.
    expect(calls[0]).toBe('BatchGetItem');
    expect(calls.slice(1).every((c) => c === 'Query')).toBe(true);
    expect(calls.length - 1).toBeLessThanOrEqual(5);
    // The work is counted, not timed (DESIGN rule 15): the items the index handed back. Past the
    // 150 expired ones the reads grow from the page's 51 to 100, then 200 (store/account.ts), and
    // stop once the page is full: a few hundred items, never the 2,180 of the partition.
    const read = scanned.take();
    expect(read).toBeGreaterThanOrEqual(150 + 50);
    expect(read).toBeLessThanOrEqual(51 + 100 + 200);
    expect(res.headers.get('link')).toMatch(/^<http:\/\/localhost:\d+\/oauth\/personal-access-tokens\?cursor=[\w-]+>; rel="next"$/);
  });

  it('visits every live token exactly once, in order, and no revoked or expired one', async () => {
    const pages = await allPages(heavy, '/oauth/personal-access-tokens?limit=100');
    expect(pages.slice(0, -1).every((page) => page.length === 100)).toBe(true);
    expect(pages.flat()).toEqual(live.map((g) => g.id));
  });

  it('drops a grant from the index when it is revoked (a sparse index), so it costs nothing to skip', async () => {
    const [first] = live;
    const item = await server.deps.table.doc.send(
      new GetCommand({ TableName: server.deps.table.tableName, Key: { pk: `GRANT#${first!.id}`, sk: 'GRANT' } }),
    );
    expect(item.Item!.gsi1pk).toBeDefined();
    expect((await heavy.api.delete(`/oauth/personal-access-tokens/${first!.id}`)).status).toBe(204);
    const after = await server.deps.table.doc.send(
      new GetCommand({ TableName: server.deps.table.tableName, Key: { pk: `GRANT#${first!.id}`, sk: 'GRANT' } }),
    );
    expect(after.Item).toMatchObject({ revoked: true });
    expect(after.Item!.gsi1pk).toBeUndefined();
    expect(after.Item!.gsi1sk).toBeUndefined();
    const page = await heavy.api.get('/oauth/personal-access-tokens?limit=1');
    expect(page.body.map((t: { id: string }) => t.id)).toEqual([live[1]!.id]);
  });

  it('ends with a page that has no next link, even when it is exactly full', async () => {
    const user = await aSignedInUser(server.url, server.deps);
    for (let i = 0; i < 3; i++) await user.api.post('/oauth/clients', { name: `c${i}`, redirect: 'https://a.example/cb' });
    const pages = await allPages(user, '/oauth/clients?limit=3');
    expect(pages.map((p) => p.length)).toEqual([3]);
    expect((await allPages(user, '/oauth/clients?limit=2')).map((p) => p.length)).toEqual([2, 1]);
    expect((await allPages(user, '/oauth/clients')).map((p) => p.length)).toEqual([3]);
  });

  it('refuses a bad limit or a cursor it did not make with 422', async () => {
    for (const limit of ['0', '101', 'ten', '-1', '1.5']) {
      const res = await heavy.api.get(`/oauth/personal-access-tokens?limit=${limit}`);
      expect(res.status, limit).toBe(422);
      expect(res.body.errors.limit).toBeDefined();
    }
    for (const cursor of ['garbage', Buffer.from('["GRANT#x","GRANT","CLIENT#1"]').toString('base64url'), 'x'.repeat(3000)]) {
      const res = await heavy.api.get(`/oauth/personal-access-tokens?cursor=${cursor}`);
      expect(res.status).toBe(422);
      expect(res.body.errors.cursor).toBeDefined();
    }
    const cursor = nextUrl((await heavy.api.get('/oauth/personal-access-tokens?limit=1')).headers.get('link'))!.searchParams.get('cursor')!;
    expect((await heavy.api.get(`/oauth/clients?cursor=${cursor}`)).status).toBe(422);
    expect((await heavy.api.get(`/oauth/tokens?cursor=${cursor}`)).status).toBe(422);
  });

  it('keeps another user’s cursor inside the caller’s own partition', async () => {
    const other = await aSignedInUser(server.url, server.deps);
    const cursor = nextUrl((await heavy.api.get('/oauth/personal-access-tokens?limit=1')).headers.get('link'))!.searchParams.get('cursor')!;
    const res = await other.api.get(`/oauth/personal-access-tokens?cursor=${cursor}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });
});
