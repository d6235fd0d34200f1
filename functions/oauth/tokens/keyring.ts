import { importJWK, type CryptoKey, type JWK } from 'jose';
import { generateSigningKey } from './signing-keys.js';
import type { KeyProtector, SigningKey, SigningKeyRepository } from '../ports.js';

/** SPEC §6: a container re-reads the key set once its copy is this old. */
export const KEY_CACHE_SECONDS = 10;

interface Loaded {
  readonly at: number;
  readonly keys: readonly SigningKey[];
}

/**
 * The signing keys as one container sees them: loaded once, refreshed when 10 s old (never per
 * request), public keys imported once per kid, the private key decrypted once per kid and only
 * in functions that sign.
 */
export class KeyRing {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private creatingFirst: Promise<readonly SigningKey[]> | undefined;
  private readonly publicKeys = new Map<string, Promise<CryptoKey>>();
  private readonly privateKeys = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly repository: SigningKeyRepository,
    private readonly protector: KeyProtector,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Keys published in the JWKS: every key not yet retired, including staged ones. */
  async published(): Promise<readonly SigningKey[]> {
    return (await this.current()).keys;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.published()).map((k) => k.publicJwk as JWK) };
  }

  /**
   * The key that signs now: the most recently created one whose publish-ahead period has
   * passed (so a later `--now` rotation overrides an earlier staged key).
   */
  async signer(): Promise<{ kid: string; key: CryptoKey }> {
    let keys = (await this.current()).keys;
    if (keys.length === 0) keys = await this.createFirstKey();
    const nowSeconds = Math.floor(this.clock() / 1000);
    const active = keys.find((k) => k.activeFrom <= nowSeconds) ?? keys[keys.length - 1]!;
    let key = this.privateKeys.get(active.kid);
    if (!key) {
      key = this.protector
        .decrypt(active.encryptedPrivateKey)
        .then((json) => importJWK(JSON.parse(json) as JWK, 'RS256') as Promise<CryptoKey>);
      this.privateKeys.set(active.kid, key);
      key.catch(() => this.privateKeys.delete(active.kid));
    }
    return { kid: active.kid, key: await key };
  }

  /** The public key for a token's `kid`, or undefined if no published key has that id. */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    const found = (await this.published()).find((k) => k.kid === kid);
    if (!found) return undefined;
    let key = this.publicKeys.get(kid);
    if (!key) {
      key = importJWK(found.publicJwk as JWK, 'RS256') as Promise<CryptoKey>;
      this.publicKeys.set(kid, key);
    }
    return key;
  }

  /** Forget the cache (after this process itself rotated keys). */
  invalidate(): void {
    this.loaded = undefined;
  }

  private async current(): Promise<Loaded> {
    // An empty ring is never cached: the first key, created by another container, must be
    // published at once, or tokens it signs would fail verification for up to 10 s.
    const fresh = this.loaded && this.loaded.keys.length > 0 && this.clock() - this.loaded.at < KEY_CACHE_SECONDS * 1000;
    if (fresh) return this.loaded!;
    // One load in flight at a time, however many requests arrive together.
    this.loading ??= this.repository
      .list()
      .then((keys) => (this.loaded = { at: this.clock(), keys }))
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  /**
   * An empty table gets its first key on first use; of racing containers one key wins (a
   * conditional write). Within a container, callers arriving together (the token endpoint's
   * early load and the grant's own signer() call) share one creation: one key pair, one KMS call.
   */
  private createFirstKey(): Promise<readonly SigningKey[]> {
    this.creatingFirst ??= (async () => {
      const key = await generateSigningKey(this.protector, Math.floor(this.clock() / 1000));
      await this.repository.addFirst(key);
      this.invalidate();
      return (await this.current()).keys;
    })().finally(() => (this.creatingFirst = undefined));
    return this.creatingFirst;
  }
}
