import argon2 from 'argon2';

// OWASP's recommended minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

// Verified when the address has no account, so that the answer takes as long.
let decoyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Spends the time a real verification would, for an address without an account. */
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= argon2.hash('decoy password for unknown addresses', OPTIONS);
  await verifyPassword(await decoyHash, password);
  return false;
}
