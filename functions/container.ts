import { loadConfig, type Config } from './config.js';
import { ClientAuthenticator } from './oauth/client-auth.js';
import { grantRegistry } from './oauth/grants/index.js';
import { KeyRing } from './oauth/keyring.js';
import type { KeyProtector } from './oauth/ports.js';
import { DynamoClientRepository } from './store/clients.js';
import { createDocumentClient, type TableRef } from './store/dynamo.js';
import { FileKeyProtector } from './store/file-key-protector.js';
import { DynamoScopeRepository } from './store/scopes.js';
import { DynamoSigningKeyRepository } from './store/signing-keys.js';
import { DynamoTokenStore } from './store/token-store.js';
import { DynamoUserRepository } from './store/users.js';

/**
 * Everything a handler or the CLI needs, wired once per container (DESIGN rule 4): config,
 * the document client, repositories, the key ring and the argon2 memo. Nothing here makes a
 * network call; the first request does.
 */
export interface Container {
  readonly config: Config;
  readonly table: TableRef;
  readonly store: DynamoTokenStore;
  readonly clients: DynamoClientRepository;
  readonly users: DynamoUserRepository;
  readonly scopes: DynamoScopeRepository;
  readonly signingKeys: DynamoSigningKeyRepository;
  readonly protector: KeyProtector;
  readonly keys: KeyRing;
  readonly authenticator: ClientAuthenticator;
  readonly grants: ReturnType<typeof grantRegistry>;
}

export function createContainer(config: Config = loadConfig(), protector?: KeyProtector): Container {
  const table = { doc: createDocumentClient(config), tableName: config.tableName };
  const signingKeys = new DynamoSigningKeyRepository(table);
  const keyProtector = protector ?? defaultProtector(config);
  const users = new DynamoUserRepository(table);
  return {
    config,
    table,
    store: new DynamoTokenStore(table),
    clients: new DynamoClientRepository(table),
    users,
    scopes: new DynamoScopeRepository(table),
    signingKeys,
    protector: keyProtector,
    keys: new KeyRing(signingKeys, keyProtector),
    authenticator: new ClientAuthenticator(),
    grants: grantRegistry(users),
  };
}

function defaultProtector(config: Config): KeyProtector {
  if (config.keyProtector === 'kms') {
    throw new Error('KEY_PROTECTOR=kms needs the KMS protector: pass it to createContainer');
  }
  return new FileKeyProtector(config.dataDir);
}

let shared: Container | undefined;

/** The container of this process (a Lambda container, or the local server). */
export function container(): Container {
  shared ??= createContainer();
  return shared;
}
