import { loadConfig, type Config } from './config.js';
import { KeyRing } from './oauth/tokens/keyring.js';
import type { AdminDeps } from './admin/deps.js';
import type { AttemptStore, DeviceStore, IssuerRegistry, KeyProtector, ResourceRepository } from './oauth/ports.js';
import { DynamoAttemptStore } from './store/attempts.js';
import { DynamoAccountStore } from './store/account.js';
import { DynamoAuthorizationStore } from './store/authorization-store.js';
import { DynamoBatchReader } from './store/batch-read.js';
import { CatalogueCache } from './store/catalogue-cache.js';
import { DynamoClientRepository } from './store/clients.js';
import { DynamoClientDocumentCache } from './store/client-documents.js';
import { ClientDocumentResolver } from './oauth/clients/document-resolver.js';
import type { RegistrationStore } from './oauth/clients/registration-ports.js';
import { DynamoRegistrationStore } from './store/registrations.js';
import { DynamoDeviceStore } from './store/device-codes.js';
import { createDocumentClient, type TableRef } from './store/dynamo.js';
import { FileKeyProtector } from './store/file-key-protector.js';
import { DynamoIssuerRegistry } from './store/issuer.js';
import { KmsKeyProtector } from './store/kms-key-protector.js';
import { readCatalog } from './store/read-catalog.js';
import { DynamoResourceRepository } from './store/resources.js';
import { DynamoScopeRepository } from './store/scopes.js';
import { DynamoSigningKeyRepository } from './store/signing-keys.js';
import { DynamoTokenStore } from './store/token-store.js';
import { DynamoUserRepository } from './store/users.js';

/**
 * What every handler and the CLI share, wired once per container (DESIGN rule 4): config,
 * the document client, repositories and the key ring. Nothing here makes a network call (the
 * first request does), and nothing here loads argon2: functions that never hash (JWKS,
 * discovery) stay small and start fast. Client authentication is in token-service.ts.
 * Typed by the ports (oauth/ports.ts), never by the DynamoDB classes: only createContainer
 * knows which adapter it builds.
 */
export interface Container extends AdminDeps {
  /** The table itself: local bootstrap and the tests create and inspect it. */
  readonly table: TableRef;
  /** Failed sign-in counters (brute-force protection). */
  readonly attempts: AttemptStore;
  /** The issuer recorded in the table, for the CLI (SPEC §6). */
  readonly issuers: IssuerRegistry;
  /** Client ID metadata documents: fetched, checked and cached in the table (SPEC §9). */
  readonly clientDocuments: ClientDocumentResolver;
  /** RFC 7591 registration: initial access tokens and the catalogue (SPEC §9). */
  readonly registrations: RegistrationStore;
  /** Registered resources (RFC 8707): `resource:create`, `resource:list`. */
  readonly resources: ResourceRepository;
  /** Device authorizations (RFC 8628). */
  readonly devices: DeviceStore;
}

export function createContainer(config: Config = loadConfig(), protector?: KeyProtector): Container {
  const table = { doc: createDocumentClient(config), tableName: config.tableName };
  const signingKeys = new DynamoSigningKeyRepository(table);
  const keyProtector = protector ?? defaultProtector(config);
  const users = new DynamoUserRepository(table);
  const authorizations = new DynamoAuthorizationStore(table);
  const catalogue = new CatalogueCache();
  return {
    config,
    table,
    batch: new DynamoBatchReader(table),
    reads: readCatalog(catalogue),
    store: new DynamoTokenStore(table),
    authorizations,
    clients: new DynamoClientRepository(table),
    account: new DynamoAccountStore(table),
    users,
    scopes: new DynamoScopeRepository(table, catalogue),
    signingKeys,
    attempts: new DynamoAttemptStore(table),
    issuers: new DynamoIssuerRegistry(table),
    registrations: new DynamoRegistrationStore(table),
    clientDocuments: new ClientDocumentResolver(new DynamoClientDocumentCache(table), {
      allowedHosts: config.cimdAllowedHosts,
      timeoutMs: config.cimdFetchTimeoutMs,
    }),
    resources: new DynamoResourceRepository(table),
    devices: new DynamoDeviceStore(table),
    protector: keyProtector,
    keys: new KeyRing(signingKeys, keyProtector),
  };
}

function defaultProtector(config: Config): KeyProtector {
  // On AWS the private signing keys are sealed under KMS (envelope encryption); locally, a key file.
  if (config.keyProtector === 'kms') return new KmsKeyProtector({ keyId: config.kmsKeyId!, region: config.region });
  return new FileKeyProtector(config.dataDir);
}

let shared: Container | undefined;

/** The container of this process (a Lambda container, or the local server). */
export function container(): Container {
  shared ??= createContainer();
  return shared;
}
