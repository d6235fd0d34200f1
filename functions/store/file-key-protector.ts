import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyProtector } from '../oauth/ports.js';

const FILE_NAME = 'signing-key-encryption.key';

/**
 * Local stand-in for KMS: private signing keys are sealed with AES-256-GCM under a random key
 * kept in a file under `.connect/` (mode 0600). The table alone never reveals a private key.
 */
export class FileKeyProtector implements KeyProtector {
  private key: Promise<Buffer> | undefined;

  constructor(private readonly dataDir: string) {}

  async encrypt(plaintext: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.loadKey(), iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  async decrypt(ciphertext: string): Promise<string> {
    const [version, iv, tag, sealed] = ciphertext.split('.');
    if (version !== 'v1' || !iv || !tag || !sealed) throw new Error('Unrecognised sealed key format');
    const decipher = createDecipheriv('aes-256-gcm', await this.loadKey(), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= this.readOrCreate();
    return this.key;
  }

  private async readOrCreate(): Promise<Buffer> {
    const path = join(this.dataDir, FILE_NAME);
    try {
      return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process won
    }
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
  }
}
