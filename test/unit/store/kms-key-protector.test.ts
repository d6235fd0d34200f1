import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { KMS_ENCRYPTION_CONTEXT, KmsKeyProtector, type KmsApi } from '../../../functions/store/kms-key-protector.js';

const KEY_ID = 'arn:aws:kms:eu-west-1:111122223333:key/test';

/** A stand-in for KMS: wraps data keys under its own AES key and records every call. */
class FakeKms implements KmsApi {
  readonly calls: (GenerateDataKeyCommand | DecryptCommand)[] = [];
  failNext = false;
  private readonly master = randomBytes(32);

  async send(command: GenerateDataKeyCommand | DecryptCommand) {
    this.calls.push(command);
    if (this.failNext) {
      this.failNext = false;
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    }
    const iv = Buffer.alloc(12);
    if (command instanceof GenerateDataKeyCommand) {
      const plaintext = randomBytes(32);
      const cipher = createCipheriv('aes-256-gcm', this.master, iv);
      const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { Plaintext: new Uint8Array(plaintext), CiphertextBlob: new Uint8Array(wrapped) };
    }
    const blob = Buffer.from(command.input.CiphertextBlob!);
    const decipher = createDecipheriv('aes-256-gcm', this.master, iv);
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    return { Plaintext: new Uint8Array(Buffer.concat([decipher.update(blob.subarray(0, blob.length - 16)), decipher.final()])) };
  }

  count(type: typeof GenerateDataKeyCommand | typeof DecryptCommand): number {
    return this.calls.filter((call) => call instanceof type).length;
  }
}

const privateJwk = JSON.stringify({ kty: 'RSA', d: 'secret-exponent', n: 'modulus' });

describe('KmsKeyProtector', () => {
  it('seals each key under a fresh data key and opens what it sealed', async () => {
    const kms = new FakeKms();
    const protector = new KmsKeyProtector({ keyId: KEY_ID, client: kms });
    const [first, second] = [await protector.encrypt(privateJwk), await protector.encrypt(privateJwk)];
    expect(first).not.toBe(second);
    expect(kms.count(GenerateDataKeyCommand)).toBe(2);
    expect(await protector.decrypt(first)).toBe(privateJwk);
    expect(await protector.decrypt(second)).toBe(privateJwk);
  });

  it('never stores the private key in the clear', async () => {
    const sealed = await new KmsKeyProtector({ keyId: KEY_ID, client: new FakeKms() }).encrypt(privateJwk);
    expect(sealed).toMatch(/^kms1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Buffer.from(sealed.split('.')[4]!, 'base64url').toString()).not.toContain('secret-exponent');
  });

  it('calls KMS Decrypt once per data key in a container, however many requests ask at once', async () => {
    const kms = new FakeKms();
    const sealed = await new KmsKeyProtector({ keyId: KEY_ID, client: kms }).encrypt(privateJwk);
    const protector = new KmsKeyProtector({ keyId: KEY_ID, client: kms });
    await Promise.all([protector.decrypt(sealed), protector.decrypt(sealed), protector.decrypt(sealed)]);
    await protector.decrypt(sealed);
    expect(kms.count(DecryptCommand)).toBe(1);
  });

  it('names the key and the signing-key encryption context on every KMS call', async () => {
    const kms = new FakeKms();
    const protector = new KmsKeyProtector({ keyId: KEY_ID, client: kms });
    await protector.decrypt(await protector.encrypt(privateJwk));
    for (const call of kms.calls) {
      expect(call.input).toMatchObject({ KeyId: KEY_ID, EncryptionContext: KMS_ENCRYPTION_CONTEXT });
    }
    expect(kms.calls[0]!.input).toMatchObject({ KeySpec: 'AES_256' });
  });

  it('refuses a sealed key that was altered', async () => {
    const protector = new KmsKeyProtector({ keyId: KEY_ID, client: new FakeKms() });
    const parts = (await protector.encrypt(privateJwk)).split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    await expect(protector.decrypt(parts.join('.'))).rejects.toThrow();
    await expect(protector.decrypt('v1.a.b.c')).rejects.toThrow(/format/);
  });

  it('asks KMS again after a failed unwrap instead of remembering the failure', async () => {
    const kms = new FakeKms();
    const protector = new KmsKeyProtector({ keyId: KEY_ID, client: kms });
    const sealed = await new KmsKeyProtector({ keyId: KEY_ID, client: kms }).encrypt(privateJwk);
    kms.failNext = true;
    await expect(protector.decrypt(sealed)).rejects.toThrow(/throttled/);
    expect(await protector.decrypt(sealed)).toBe(privateJwk);
    expect(kms.count(DecryptCommand)).toBe(2);
  });
});
