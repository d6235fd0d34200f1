import { createHash } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createClient } from '../functions/admin/clients.js';
import { createScope } from '../functions/admin/scopes.js';
import { createUser } from '../functions/admin/users.js';
import type { Container } from '../functions/container.js';
import { randomToken, sha256 } from '../functions/oauth/crypto.js';
import { newGrantId, newRefreshToken } from '../functions/oauth/tokens/issue.js';
import type { Authorization } from '../functions/oauth/ports.js';
import { codeToItem } from '../functions/store/codes.js';
import { deviceToItem } from '../functions/store/device-codes.js';
import { grantToItem, refreshToItem } from '../functions/store/items.js';
import { ensureTable } from '../functions/store/table.js';

export const REDIRECT_URI = 'http://127.0.0.1:9999/callback';
const PASSWORD = 'correct horse battery staple';

export interface ClientFixture {
  readonly id: string;
  readonly secret: string;
}

/** More than the load's connections (8 by default), so no account has two sign-ins in flight. */
const SIGNERS = 16;

/** What every scenario works on: scopes, one user, and one client of each kind it needs. */
export interface World {
  readonly deps: Container;
  readonly scopes: readonly string[];
  readonly user: { readonly id: string; readonly email: string; readonly password: string };
  /**
   * Users who sign in with the password grant, taken in turn: the lockout admits at most
   * LOCKOUT_THRESHOLD password checks of one account at a time (SPEC §6), and real concurrent
   * sign-ins come from different people.
   */
  readonly signers: readonly { readonly email: string; readonly password: string }[];
  /** client_credentials, no owner: the 1-round-trip case. */
  readonly service: ClientFixture;
  /** client_credentials with an owner (whose permissions bound its scopes). */
  readonly ownedService: ClientFixture;
  readonly passwordClient: ClientFixture;
  /** A confidential authorization-code client. */
  readonly webClient: ClientFixture;
  /** A resource server (`--introspect`): it may introspect tokens of other clients (SPEC §6). */
  readonly resourceServer: ClientFixture;
  /** A confidential device client (RFC 8628). */
  readonly deviceClient: ClientFixture;
}

export async function createWorld(deps: Container): Promise<World> {
  await ensureTable(deps.table.doc, deps.table.tableName);
  await deps.keys.signer(); // the first signing key, as `npm start` creates it
  const scopes = ['read', 'write'];
  for (const name of scopes) await createScope(deps, name, `Can ${name}`);
  const email = `bench-${Date.now().toString(36)}@example.com`;
  const user = await createUser(deps, { email, password: PASSWORD });
  const signers = [{ email, password: PASSWORD }];
  for (let i = 1; i < SIGNERS; i++) {
    const other = `bench-${Date.now().toString(36)}-${i}@example.com`;
    await createUser(deps, { email: other, password: PASSWORD });
    signers.push({ email: other, password: PASSWORD });
  }
  const fixture = async (kind: 'client_credentials' | 'password' | 'confidential' | 'device', extra: Record<string, unknown> = {}) => {
    const created = await createClient(deps, {
      name: `bench ${kind}`,
      kind,
      ...(kind === 'confidential' ? { redirectUris: [REDIRECT_URI] } : {}),
      ...extra,
    });
    return { id: created.client_id, secret: created.client_secret! };
  };
  return {
    deps,
    scopes,
    user: { id: user.id, email, password: PASSWORD },
    signers,
    service: await fixture('client_credentials'),
    ownedService: await fixture('client_credentials', { userEmail: email }),
    passwordClient: await fixture('password'),
    webClient: await fixture('confidential'),
    resourceServer: await fixture('client_credentials', { introspect: true }),
    deviceClient: await fixture('device'),
  };
}

/** Items in batches of 25, the BatchWriteItem limit, retrying what DynamoDB leaves unprocessed. */
async function putAll(deps: Container, items: Record<string, unknown>[]): Promise<void> {
  const T = deps.table.tableName;
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, unknown>[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending && pending.length > 0) {
      const out = await deps.table.doc.send(new BatchWriteCommand({ RequestItems: { [T]: pending as never } }));
      pending = out.UnprocessedItems?.[T] as Record<string, unknown>[] | undefined;
    }
  }
}

/** `count` credentials, each made by `make` with the items that record it, written to the table in batches. */
async function mintMany<T>(world: World, count: number, make: () => { items: Record<string, unknown>[]; minted: T }): Promise<T[]> {
  const items: Record<string, unknown>[] = [];
  const minted: T[] = [];
  for (let i = 0; i < count; i++) {
    const one = make();
    items.push(...one.items);
    minted.push(one.minted);
  }
  await putAll(world.deps, items);
  return minted;
}

/**
 * Refresh tokens of `client` for the user, written directly (a grant and its refresh token,
 * exactly what a password or code grant records): each one can be redeemed once.
 */
export async function mintRefreshTokens(world: World, client: ClientFixture, count: number): Promise<string[]> {
  const ttl = world.deps.config.refreshTokenTtl;
  return mintMany(world, count, () => {
    const grantId = newGrantId();
    const refresh = newRefreshToken(grantId, client.id, world.scopes, ttl);
    const grant: Authorization = {
      id: grantId,
      kind: 'refresh',
      clientId: client.id,
      userId: world.user.id,
      scopes: world.scopes,
      createdAt: refresh.record.createdAt,
      expiresAt: refresh.record.expiresAt,
      revoked: false,
    };
    return { items: [grantToItem(grant), refreshToItem(refresh.record)], minted: refresh.token };
  });
}

export interface MintedCode {
  readonly code: string;
  readonly verifier: string;
}

/** Authorization codes with a PKCE S256 challenge, as the consent step stores them. */
export async function mintCodes(world: World, client: ClientFixture, count: number): Promise<MintedCode[]> {
  const now = Math.floor(Date.now() / 1000);
  return mintMany(world, count, () => {
    const code = randomToken();
    const verifier = randomToken(48);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const item = codeToItem({
      digest: sha256(code),
      clientId: client.id,
      redirectUri: REDIRECT_URI,
      userId: world.user.id,
      scopes: world.scopes,
      codeChallenge: challenge,
      createdAt: now,
      // Long enough for the slowest full run; a real code lives AUTH_CODE_TTL_SECONDS.
      expiresAt: now + 3600,
    });
    return { items: [item], minted: { code, verifier } };
  });
}

/**
 * Device codes the person has already approved (RFC 8628), written directly as the decision
 * leaves them: each one can be redeemed once by a poll.
 */
export async function mintApprovedDeviceCodes(world: World, client: ClientFixture, count: number): Promise<string[]> {
  const now = Math.floor(Date.now() / 1000);
  return mintMany(world, count, () => {
    const code = randomToken();
    const item = deviceToItem({
      digest: sha256(code),
      userCodeDigest: sha256(randomToken()),
      clientId: client.id,
      scopes: world.scopes,
      createdAt: now,
      // Long enough for the slowest full run; a real device code lives DEVICE_CODE_TTL_SECONDS.
      expiresAt: now + 3600,
      interval: 5,
      status: 'approved',
      userId: world.user.id,
    });
    return { items: [item], minted: code };
  });
}
