import { nowSeconds } from '../../clock.js';
import { OAuthError, invalidRequest } from '../errors.js';
import { safeEqual, sha256 } from '../crypto.js';
import { audit } from '../../log.js';
import { isClientId } from '../identifiers.js';
import { verifySecret } from '../passwords.js';
import type { Client } from '../ports.js';

export type AuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ClientCredentials {
  readonly clientId: string;
  readonly secret?: string;
  readonly method: AuthMethod;
}

/**
 * Reads the client's credentials from the request without checking them yet, so the client
 * record can be fetched in the same round trip as everything else the request needs.
 * RFC 6749 §2.3.1: HTTP Basic (form-urlencoded id and secret) or the body; never both.
 */
export function readClientCredentials(
  authorization: string | undefined,
  params: Readonly<Record<string, string>>,
): ClientCredentials {
  const bodyId = params.client_id;
  const bodySecret = params.client_secret;
  if (authorization !== undefined) {
    const match = /^Basic ([A-Za-z0-9+/=._~-]+)$/i.exec(authorization.trim());
    if (!match) throw invalidClient('The Authorization header must use the Basic scheme.', true);
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidClient('Malformed Basic credentials.', true);
    let clientId: string;
    let secret: string;
    try {
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw invalidClient('Malformed Basic credentials.', true);
    }
    if (bodySecret !== undefined) {
      throw invalidRequest('Use one client authentication method: HTTP Basic or client_secret in the body, not both.');
    }
    if (bodyId !== undefined && bodyId !== clientId) {
      throw invalidRequest('client_id in the body does not match the HTTP Basic credentials.');
    }
    if (clientId === '') throw invalidClient('Missing client_id.', true);
    return knownShape({ clientId, secret, method: 'client_secret_basic' });
  }
  if (bodyId === undefined) {
    throw invalidClient('Client authentication is required: HTTP Basic, or client_id (and client_secret) in the body.', false);
  }
  return knownShape(
    bodySecret !== undefined
      ? { clientId: bodyId, secret: bodySecret, method: 'client_secret_post' }
      : { clientId: bodyId, method: 'none' },
  );
}

/** A client_id no client could have is answered like an unknown client, without a read (SPEC §6). */
function knownShape(credentials: ClientCredentials): ClientCredentials {
  if (!isClientId(credentials.clientId)) {
    throw invalidClient('Unknown or revoked client.', credentials.method === 'client_secret_basic');
  }
  return credentials;
}

/** RFC 6749 §5.2: 401, with WWW-Authenticate when the client tried HTTP Basic. */
export function invalidClient(description: string, usedBasic: boolean): OAuthError {
  return new OAuthError('invalid_client', description, {
    headers: usedBasic ? { 'WWW-Authenticate': 'Basic realm="connect", charset="UTF-8"' } : {},
  });
}

const MAX_REMEMBERED = 1000;

/**
 * Checks client credentials. argon2 runs at most once per client secret per container: what
 * was verified is remembered as (client, stored hash) → SHA-256 of the presented secret; the
 * client record read anyway on every request tells whether that hash is still current, so a
 * rotated secret or a revoked client stops working at once. Both secrets of a rotation grace
 * period are remembered side by side (one entry per stored hash), so alternating between them
 * never re-runs argon2.
 */
export class ClientAuthenticator {
  private readonly verified = new Map<string, string>();

  async authenticate(client: Client | undefined, credentials: ClientCredentials, ip = 'unknown'): Promise<Client> {
    try {
      return await this.check(client, credentials);
    } catch (error) {
      audit('client.authentication_failed', { client_id: credentials.clientId, ip, reason: (error as Error).message });
      throw error;
    }
  }

  /**
   * Authenticates against a cached record (cache.ts) with only what this container has
   * already verified: no argon2, no read. False is a miss, not a refusal: the caller then reads
   * the client and calls authenticate(), so no failure is ever decided from memory.
   */
  verifiedInMemory(client: Client, credentials: ClientCredentials): boolean {
    if (client.revoked) return false;
    if (client.secrets.length === 0) return credentials.secret === undefined;
    if (credentials.secret === undefined) return false;
    const digest = sha256(credentials.secret);
    const now = nowSeconds();
    let matched = false;
    for (const { hash, expiresAt } of client.secrets) {
      // A previous secret's grace period ends on time, even while its record is cached.
      if (expiresAt !== undefined && expiresAt <= now) continue;
      const remembered = this.verified.get(`${client.id}\n${hash}`);
      if (remembered !== undefined && safeEqual(remembered, digest)) matched = true;
    }
    return matched;
  }

  private async check(client: Client | undefined, credentials: ClientCredentials): Promise<Client> {
    const basic = credentials.method === 'client_secret_basic';
    if (!client || client.revoked) throw invalidClient('Unknown or revoked client.', basic);
    if (client.secrets.length === 0) {
      // A public client: client_id alone (RFC 6749 §2.1). A secret it does not have is wrong.
      if (credentials.secret !== undefined) throw invalidClient('This public client has no secret.', basic);
      return client;
    }
    if (credentials.secret === undefined) throw invalidClient('This client must authenticate with its secret.', basic);
    if (await this.matches(client, credentials.secret)) return client;
    throw invalidClient('Client authentication failed.', basic);
  }

  private async matches(client: Client, secret: string): Promise<boolean> {
    const digest = sha256(secret);
    const unverified: string[] = [];
    for (const { hash } of client.secrets) {
      const remembered = this.verified.get(`${client.id}\n${hash}`);
      if (remembered === undefined) unverified.push(hash);
      else if (safeEqual(remembered, digest)) return true;
      // Remembered with another secret's digest: a hash verifies one secret, so no argon2 here.
    }
    for (const hash of unverified) {
      if (await verifySecret(hash, secret)) {
        if (this.verified.size >= MAX_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(`${client.id}\n${hash}`, digest);
        return true;
      }
    }
    return false;
  }
}
