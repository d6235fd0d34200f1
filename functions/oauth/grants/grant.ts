import type { Config } from '../../config.js';
import type { KeyRing } from '../tokens/keyring.js';
import type { Client, GrantType, Snapshot, SnapshotRequest, TokenStore, AttemptStore } from '../ports.js';

/** What every grant may use; built once per container, plus the request's issuer. */
export interface GrantContext {
  readonly config: Config;
  readonly issuer: string;
  readonly audience: string;
  readonly store: TokenStore;
  readonly attempts: AttemptStore;
  readonly keys: KeyRing;
  readonly grantType: GrantType;
  /** The caller's address, for the audit trail. */
  readonly ip: string;
}

/** RFC 6749 §5.1. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly refresh_token?: string;
  /** Absent when the token carries no scope at all (RFC 6749 §3.3: scope is 1*scope-token). */
  readonly scope?: string;
}

/**
 * One grant type (DESIGN rule 2). The token endpoint parses the request with `parse`, reads
 * everything `reads` names together with the client in one round trip, authenticates the
 * client, then calls `handle`.
 */
export interface Grant<Input> {
  readonly grantType: GrantType;
  /** Parameters besides grant_type, scope and client authentication; anything else is ignored (RFC 6749 §3.2). */
  readonly parameters: readonly string[];
  parse(params: Readonly<Record<string, string>>): Input;
  /** `ip` is the caller's address, for the brute-force counters of the password grant. */
  reads(input: Input, ip: string): Omit<SnapshotRequest, 'clientIds'>;
  handle(context: GrantContext, client: Client, snapshot: Snapshot, input: Input): Promise<TokenResponse>;
}

export type AnyGrant = Grant<unknown>;

