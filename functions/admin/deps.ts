import type { Config } from '../config.js';
import type {
  AccountStore,
  AuthorizationStore,
  ClientRepository,
  KeyProtector,
  ReadPorts,
  ScopeRepository,
  SigningKeyRepository,
  TokenStore,
  UserRepository,
} from '../oauth/ports.js';
import type { KeyRing } from '../oauth/tokens/keyring.js';

/**
 * What the use cases shared by the CLI and the management API may use, typed by the ports
 * (shared/DESIGN.md rule 10): the container satisfies it, and so would any other adapter of
 * the same ports. Use cases do not know the container, nor DynamoDB.
 */
export interface AdminDeps extends ReadPorts {
  readonly config: Config;
  readonly store: TokenStore;
  readonly authorizations: AuthorizationStore;
  readonly clients: ClientRepository;
  readonly account: AccountStore;
  readonly users: UserRepository;
  readonly scopes: ScopeRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly protector: KeyProtector;
  readonly keys: KeyRing;
}
