import { randomUUID } from 'node:crypto';
import { nowSeconds } from '../../clock.js';
import type { Config } from '../../config.js';
import { audit } from '../../log.js';
import { randomToken, sha256 } from '../crypto.js';
import { OAuthError } from '../errors.js';
import { hashSecret } from '../passwords.js';
import type { AttemptStore, ClientRepository } from '../ports.js';
import { parseRegistration, registeredClient, registrationResponse } from '../clients/registration.js';
import type { RegistrationStore } from '../clients/registration-ports.js';

export interface RegisterDeps {
  readonly config: Pick<Config, 'registration' | 'registrationRateLimit'>;
  readonly registrations: RegistrationStore;
  readonly clients: Pick<ClientRepository, 'create'>;
  readonly attempts: Pick<AttemptStore, 'recordFailure'>;
}

export interface RegisterRequest {
  /** The parsed JSON body (RFC 7591 §3.1), or undefined when there was none or it was not JSON. */
  readonly body: unknown;
  readonly authorization: string | undefined;
  readonly sourceIp: string;
}

/** Registrations are counted per source address over this window (SPEC §9). */
export const REGISTRATION_WINDOW_SECONDS = 3600;

/**
 * POST /oauth/register (RFC 7591 §3). Off by default: then the route does not exist (404).
 * Each request from an address is counted first, one conditional write, so a flood is refused
 * (429) before any read or argon2 work; with REGISTRATION=token the initial access token is
 * checked next (RFC 7591 §3, RFC 6750 `invalid_token`), then the metadata. The client is
 * created in one conditional put; a confidential client's secret is shown this once.
 */
export async function register(deps: RegisterDeps, request: RegisterRequest): Promise<{ status: 201; body: Record<string, unknown> }> {
  const mode = deps.config.registration;
  if (mode === 'off') throw new OAuthError('not_found', 'No route for POST /oauth/register: dynamic client registration is off.');
  const presented = mode === 'token' ? bearer(request.authorization) : undefined;

  const count = await deps.attempts.recordFailure(`register:${request.sourceIp.slice(0, 64)}`, REGISTRATION_WINDOW_SECONDS);
  if (count > deps.config.registrationRateLimit) {
    throw new OAuthError('invalid_request', `Too many registrations from this address: at most ${deps.config.registrationRateLimit} an hour. Try again later.`, {
      status: 429,
      headers: { 'Retry-After': String(REGISTRATION_WINDOW_SECONDS) },
    });
  }
  const context = await deps.registrations.context(presented !== undefined ? sha256(presented) : undefined);
  if (mode === 'token' && !context.token) throw invalidToken('The initial access token is unknown or has expired.');

  const metadata = parseRegistration(request.body, context.catalogue);
  const secret = metadata.authMethod === 'none' ? undefined : randomToken(32);
  const client = registeredClient(metadata, randomUUID(), secret ? await hashSecret(secret) : undefined, Math.floor(nowSeconds()));
  await deps.clients.create(client);
  audit('client.registered', { client_id: client.id, ip: request.sourceIp, reason: client.kind });
  return { status: 201, body: registrationResponse(client, metadata, secret) };
}

function bearer(authorization: string | undefined): string {
  if (authorization === undefined) throw invalidToken('An initial access token is required: Authorization: Bearer <token>.');
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization.trim());
  if (!match || match[1]!.length > 512) throw invalidToken('The Authorization header must be "Bearer" and an initial access token.');
  return match[1]!;
}

/** RFC 6750 §3.1. */
function invalidToken(description: string): OAuthError {
  return new OAuthError('invalid_token', description, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
}
