/** TOTP (RFC 6238, SHA-1, 6 digits, 30 s) with replay protection: a code works once. */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string, issuer = 'Lantern'): string {
  return generateURI({ issuer, label: username, secret });
}

export function currentTotp(secret: string, at = Date.now()): string {
  return generateSync({ secret, epoch: Math.floor(at / 1000) });
}

/**
 * Accepts the current code or the one just before (clock drift, typing time), never a code
 * at or before the last step already used. Returns the step used, or null.
 */
export function verifyTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  at = Date.now(),
): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(at / 1000),
    epochTolerance: [30, 0],
  }) as { valid: boolean; timeStep?: number };
  if (!result.valid || result.timeStep === undefined) return null;
  if (lastStep !== null && result.timeStep <= lastStep) return null;
  return result.timeStep;
}
