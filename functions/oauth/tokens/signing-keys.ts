import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { creationStamp } from '../../clock.js';
import type { KeyProtector, SigningKey } from '../ports.js';

/**
 * A fresh RS256 key pair (SPEC §5: RSA, because API Gateway's JWT authorizer checks only RSA
 * signatures). The private half leaves this function only encrypted.
 */
export async function generateSigningKey(protector: KeyProtector, activeFrom: number): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // RFC 7638 thumbprint plus a random suffix: unique even if a key were ever regenerated.
  const kid = `${(await calculateJwkThumbprint(publicJwk)).slice(0, 16)}-${randomUUID().slice(0, 8)}`;
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  return {
    kid,
    alg: 'RS256',
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
    encryptedPrivateKey: await protector.encrypt(JSON.stringify(privateJwk)),
    // Fractional seconds: two rotations within one second must still be ordered.
    createdAt: creationStamp(),
    activeFrom,
  };
}
