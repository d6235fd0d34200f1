import type { Config } from '../../config.js';
import type { KeyRing } from '../tokens/keyring.js';
import type { AttemptStore, AuthorizationStore, Client, DeviceStore, GrantType, ReadCatalog, ReadResults, Reads, Resource, TokenStore, UserRepository } from '../ports.js';

/**
 * The ports grants use, built once per container: every grant gets all of them the same way
 * (no grant is built around its own dependencies), each narrowed to the methods grants call.
 */
export interface GrantPorts {
  readonly config: Config;
  readonly store: TokenStore;
  readonly attempts: AttemptStore;
  readonly keys: Pick<KeyRing, 'signer'>;
  /** Redeeming authorization codes (authorization_code). */
  readonly codes: Pick<AuthorizationStore, 'redeemCode' | 'markCodeReplayed'>;
  /** The owner of a client-credentials client (client_credentials). */
  readonly users: Pick<UserRepository, 'getById'>;
  /** Polling and redeeming device codes (the device_code grant, RFC 8628). */
  readonly devices: Pick<DeviceStore, 'polled' | 'redeem'>;
}

/** What a grant's `handle` gets: the ports, plus what this request says. */
export interface GrantContext extends GrantPorts {
  readonly issuer: string;
  readonly audience: string;
  readonly grantType: GrantType;
  /** The caller's address, for the audit trail. */
  readonly ip: string;
  /**
   * The registered resource the request named with `resource` (RFC 8707), already checked to
   * exist; each grant decides whether it may name it (functions/oauth/resources/).
   */
  readonly resource?: Resource;
}

/** RFC 6749 §5.1. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly refresh_token?: string;
  /** Absent when the token carries no scope at all (RFC 6749 §3.3: scope is 1*scope-token). */
  readonly scope?: string;
  /** OpenID Connect Core §3.1.3.3: when the grant's scopes include `openid` (oidc/id-tokens.ts). */
  readonly id_token?: string;
}

/**
 * What a grant reads in the token endpoint's batch: its own named descriptors. `client` is
 * the token endpoint's (the client it authenticates), so a grant cannot name a read so; nor
 * should it name one `resource`, the endpoint's read of the RFC 8707 resource.
 */
export type GrantReads = Reads & { readonly client?: never };

/**
 * One grant type (DESIGN rule 2). The token endpoint parses the request with `parse`, reads
 * the descriptors `reads` names together with the client in one round trip, authenticates
 * the client, then calls `handle` with what was read, typed by the names `reads` gave.
 */
export interface GrantHandler<Input, Type extends GrantType = GrantType, R extends GrantReads = GrantReads> {
  readonly grantType: Type;
  /**
   * Parameters besides grant_type, scope and client authentication. `parse` sees only these
   * and the common ones: anything else is dropped before it (RFC 6749 §3.2, "the authorization
   * server MUST ignore unrecognized request parameters").
   */
  readonly parameters: readonly string[];
  parse(params: Readonly<Record<string, string>>): Input;
  /**
   * The descriptors (from `reads`, the store's catalogue) of what `handle` needs; `ip` is the
   * caller's address, for the brute-force counters of the password grant.
   */
  reads(input: Input, ip: string, reads: ReadCatalog): R;
  handle(context: GrantContext, client: Client, found: ReadResults<R>, input: Input): Promise<TokenResponse>;
}

export type AnyGrantHandler = GrantHandler<any, GrantType, any>;

