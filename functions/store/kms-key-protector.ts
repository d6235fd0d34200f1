import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { KeyProtector } from '../oauth/ports.js';

/** Version tag of the sealed format, also the AES-GCM additional data: a format change cannot be misread. */
const FORMAT = 'kms1';

/**
 * KMS encryption context of every data key: KMS refuses to unwrap a key under another context,
 * CloudTrail records why each Decrypt happened, and the IAM policies of the stack allow
 * GenerateDataKey and Decrypt only with exactly this context.
 */
export const KMS_ENCRYPTION_CONTEXT: Readonly<Record<string, string>> = { purpose: 'connect-signing-key' };

/** The part of the KMS client this uses, so tests can pass a fake. */
export interface KmsApi {
  send(command: GenerateDataKeyCommand | DecryptCommand): Promise<{ Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array }>;
}

export interface KmsKeyProtectorOptions {
  /** Key id or ARN: the stack passes KMS_KEY_ID. */
  readonly keyId: string;
  readonly region?: string;
  readonly client?: KmsApi;
}

/**
 * Envelope encryption of the private signing keys on AWS (the `kms` key protector): each
 * encrypt asks KMS for a fresh AES-256 data key (one GenerateDataKey), seals the plaintext
 * locally with AES-256-GCM and stores the KMS-wrapped data key beside it, so the private key
 * never reaches KMS and KMS never sees key material it does not own. Decrypt unwraps each data
 * key once per container (one KMS Decrypt per signing key per cold start) and keeps it in memory.
 *
 * Sealed form: `kms1.<wrapped data key>.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class KmsKeyProtector implements KeyProtector {
  private readonly client: KmsApi;
  private readonly dataKeys = new Map<string, Promise<Buffer>>();

  constructor(private readonly options: KmsKeyProtectorOptions) {
    // The concrete client type has overloaded generics; the narrow interface is all we call.
    this.client = options.client ?? (new KMSClient({ region: options.region, maxAttempts: 3 }) as unknown as KmsApi);
  }

  async encrypt(plaintext: string): Promise<string> {
    const out = await this.client.send(
      new GenerateDataKeyCommand({
        KeyId: this.options.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: { ...KMS_ENCRYPTION_CONTEXT },
      }),
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
    const dataKey = Buffer.from(out.Plaintext);
    try {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv).setAAD(Buffer.from(FORMAT));
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [Buffer.from(out.CiphertextBlob), iv, cipher.getAuthTag(), sealed];
      return [FORMAT, ...parts.map((part) => part.toString('base64url'))].join('.');
    } finally {
      // The plaintext data key is needed for this one seal only.
      dataKey.fill(0);
      out.Plaintext.fill(0);
    }
  }

  async decrypt(ciphertext: string): Promise<string> {
    const [format, wrapped, iv, tag, sealed] = ciphertext.split('.');
    if (format !== FORMAT || !wrapped || !iv || !tag || !sealed) throw new Error('Unrecognised sealed key format');
    const decipher = createDecipheriv('aes-256-gcm', await this.unwrap(wrapped), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(FORMAT)).setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** One KMS Decrypt per data key per container; concurrent callers share it, a failure is retried next time. */
  private unwrap(wrapped: string): Promise<Buffer> {
    let dataKey = this.dataKeys.get(wrapped);
    if (!dataKey) {
      dataKey = this.client
        .send(
          new DecryptCommand({
            // Naming the key makes KMS refuse a blob wrapped under any other key.
            KeyId: this.options.keyId,
            CiphertextBlob: Buffer.from(wrapped, 'base64url'),
            EncryptionContext: { ...KMS_ENCRYPTION_CONTEXT },
          }),
        )
        .then((out) => {
          if (!out.Plaintext) throw new Error('KMS returned no plaintext');
          return Buffer.from(out.Plaintext);
        });
      this.dataKeys.set(wrapped, dataKey);
      dataKey.catch(() => this.dataKeys.delete(wrapped));
    }
    return dataKey;
  }
}
