import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's recommended parameters (19 MiB, 2 iterations, 1 lane): the only form
 * in which user passwords and client secrets are stored (SPEC §5).
 */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

export async function verifySecret(hashed: string, secret: string): Promise<boolean> {
  try {
    return await verify(hashed, secret);
  } catch {
    return false; // a malformed stored hash never authenticates anyone
  }
}

/**
 * The hash of a random password nobody knows, made once with OPTIONS (regenerate it if they
 * change): a constant, so that no container ever spends an argon2 *hash* on it — computing it
 * on first use made the first unknown-user request cost two argon2 runs instead of one.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$OLAl2/0ym5YEuXosrNz7Gw$TPUlV4bazz3ZYurBwbl7XBL6+zzRCi0/I+EpZMLiMcI';

/**
 * Verifies against a throwaway hash, so that "no such user" costs the same argon2 work as
 * "wrong password" and response time does not reveal which accounts exist.
 */
export async function burnVerify(secret: string): Promise<false> {
  await verifySecret(DUMMY_HASH, secret);
  return false;
}
