import { checkPassword, LanternError, PASSWORD_PROBLEM_TEXT } from '@lantern/core';
import argon2 from 'argon2';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): ~20 ms a hash here, slow enough to make
// guessing expensive, fast enough not to make sign-in a denial-of-service lever.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so an unknown user costs the same time.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('lantern-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

export function ensureAcceptablePassword(password: string, username: string, path = 'password'): void {
  const problems = checkPassword(password, username);
  if (problems.length > 0) {
    throw new LanternError(
      'E_VALIDATION',
      `The password ${problems.map((p) => PASSWORD_PROBLEM_TEXT[p]).join('; ')}`,
      problems.map((p) => ({ path, message: PASSWORD_PROBLEM_TEXT[p] })),
    );
  }
}
