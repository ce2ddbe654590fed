/** Random tokens, their stored hashes and constant-time comparison. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A 256-bit random token, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of a token: a leaked table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF token of a session, derived from the session token: the console reads it from
 * /api/auth/me and echoes it in x-csrf-token; a cross-site page cannot read the HttpOnly
 * cookie, so it cannot compute it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`lantern-csrf:${sessionToken}`, 'utf8').digest('base64url');
}
