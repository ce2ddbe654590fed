import { randomInt } from 'node:crypto';
import { hashToken } from './secrets.js';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten one-time codes like "k7mq-x2pa-9tne" (about 60 bits each), shown once at enrolment. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: 3 }, () =>
      Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    ).join('-'),
  );
}

export function normaliseRecoveryCode(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/[\s_]/g, '')
    .replace(/^(.{4})-?(.{4})-?(.{4})$/, '$1-$2-$3');
}

export function hashRecoveryCode(code: string): string {
  return hashToken(`recovery:${normaliseRecoveryCode(code)}`);
}
