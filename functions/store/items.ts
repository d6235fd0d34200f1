/**
 * Domain objects <-> table items. Reads of short-lived items return undefined once the item
 * has expired, whatever TTL has or has not deleted yet (SPEC §7).
 */
import { nowSeconds } from '../clock.js';
import type { Client, Authorization, RefreshToken, SigningKey, User } from '../oauth/ports.js';
import type { Read } from '../oauth/ports.js';
import { byUser, ItemType, keys, listedIn, listing } from './keys.js';
import { itemToDocumentClient } from './client-documents.js';
import { isLive } from './expiry.js';

type Item = Record<string, unknown>;

export function clientToItem(client: Client): Item {
  const personal = client.kind === 'personal';
  return {
    ...keys.client(client.id),
    type: ItemType.client,
    ...client,
    ...listedIn(personal ? listing.personalClients : listing.clients, client.createdAt, client.id),
    ...(client.userId ? { gsi1pk: byUser.pk(client.userId), gsi1sk: byUser.client(client.createdAt, client.id) } : {}),
  };
}

export function itemToClient(item: Item | undefined): Client | undefined {
  if (item?.type === ItemType.clientDocument) return itemToDocumentClient(item);
  if (!item || item.type !== ItemType.client) return undefined;
  return {
    id: item.id as string,
    name: item.name as string,
    kind: item.kind as Client['kind'],
    secrets: ((item.secrets as Client['secrets']) ?? []).filter((s) => s.expiresAt === undefined || s.expiresAt > nowSeconds()),
    redirectUris: (item.redirectUris as string[]) ?? [],
    grantTypes: (item.grantTypes as Client['grantTypes']) ?? [],
    scopes: (item.scopes as string[] | null) ?? null,
    ...(item.userId ? { userId: item.userId as string } : {}),
    firstParty: item.firstParty === true,
    introspect: item.introspect === true,
    ...(Array.isArray(item.postLogoutRedirectUris) ? { postLogoutRedirectUris: item.postLogoutRedirectUris as string[] } : {}),
    revoked: item.revoked === true,
    createdAt: item.createdAt as number,
    ...(item.updatedAt !== undefined ? { updatedAt: item.updatedAt as number } : {}),
    ...(item.registeredBy !== undefined ? { registeredBy: item.registeredBy as Client['registeredBy'] } : {}),
  };
}

export function userToItem(user: User): Item {
  return {
    ...keys.user(user.email),
    type: ItemType.user,
    ...user,
    gsi1pk: byUser.pk(user.id),
    gsi1sk: byUser.profile,
    ...listedIn(listing.users, user.createdAt, user.id),
  };
}

export function itemToUser(item: Item | undefined): User | undefined {
  if (!item || item.type !== ItemType.user) return undefined;
  return {
    id: item.id as string,
    email: item.email as string,
    name: (item.name as string) ?? '',
    passwordHash: item.passwordHash as string,
    scopes: (item.scopes as string[] | null) ?? null,
    createdAt: item.createdAt as number,
    ...(item.emailVerified !== undefined ? { emailVerified: item.emailVerified === true } : {}),
    ...(item.updatedAt !== undefined ? { updatedAt: item.updatedAt as number } : {}),
  };
}

export function grantToItem(grant: Authorization): Item {
  return {
    ...keys.grant(grant.id),
    type: ItemType.grant,
    ...grant,
    gsi1pk: byUser.pk(grant.userId),
    gsi1sk: byUser.grant(grant.kind, grant.createdAt, grant.id),
    ttl: grant.expiresAt,
  };
}

export function itemToGrant(item: Item | undefined): Authorization | undefined {
  if (!isLive(item, ItemType.grant)) return undefined;
  return {
    id: item.id as string,
    kind: item.kind as Authorization['kind'],
    clientId: item.clientId as string,
    userId: item.userId as string,
    scopes: (item.scopes as string[]) ?? [],
    ...(item.name !== undefined ? { name: item.name as string } : {}),
    ...(item.jti !== undefined ? { jti: item.jti as string } : {}),
    ...(item.resource !== undefined ? { resource: item.resource as string } : {}),
    createdAt: item.createdAt as number,
    expiresAt: item.expiresAt as number,
    revoked: item.revoked === true,
    ...(item.authTime !== undefined ? { authTime: item.authTime as number } : {}),
    ...(item.sid !== undefined ? { sid: item.sid as string } : {}),
  };
}

export function refreshToItem(token: RefreshToken): Item {
  return { ...keys.refreshToken(token.digest), type: ItemType.refreshToken, ...token, ttl: token.expiresAt };
}

export function itemToRefresh(item: Item | undefined): RefreshToken | undefined {
  if (!isLive(item, ItemType.refreshToken)) return undefined;
  return {
    digest: item.digest as string,
    grantId: item.grantId as string,
    clientId: item.clientId as string,
    scopes: (item.scopes as string[]) ?? [],
    createdAt: item.createdAt as number,
    expiresAt: item.expiresAt as number,
    ...(item.rotatedAt !== undefined ? { rotatedAt: item.rotatedAt as number } : {}),
  };
}

export function isLiveRevocation(item: Item | undefined): boolean {
  return isLive(item, ItemType.revokedJti);
}

export function signingKeyToItem(key: SigningKey): Item {
  return { ...keys.signingKey(key.kid), type: ItemType.signingKey, ...key };
}

export function itemToSigningKey(item: Item): SigningKey | undefined {
  if (item.type !== ItemType.signingKey) return undefined;
  return {
    kid: item.kid as string,
    alg: 'RS256',
    publicJwk: item.publicJwk as Record<string, unknown>,
    encryptedPrivateKey: item.encryptedPrivateKey as string,
    createdAt: item.createdAt as number,
    activeFrom: item.activeFrom as number,
    ...(item.retireAt !== undefined ? { retireAt: item.retireAt as number } : {}),
  };
}

/** Read descriptors of the batch (oauth/ports.ts `Read`): each entity's key and how its item reads back. */
export const clientRead = (id: string): Read<Client | undefined> => ({ key: keys.client(id), fromItem: itemToClient });
export const userRead = (email: string): Read<User | undefined> => ({ key: keys.user(email), fromItem: itemToUser });
export const grantRead = (id: string): Read<Authorization | undefined> => ({ key: keys.grant(id), fromItem: itemToGrant });
export const refreshRead = (digest: string): Read<RefreshToken | undefined> => ({ key: keys.refreshToken(digest), fromItem: itemToRefresh });
/** Whether an access token's jti is revoked (a live revocation item exists). */
export const revokedJtiRead = (jti: string): Read<boolean> => ({ key: keys.revokedJti(jti), fromItem: isLiveRevocation });
