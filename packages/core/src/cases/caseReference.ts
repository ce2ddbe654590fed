/**
 * The reference people say and type for a case: "LNT-7K4M9-QXR2C".
 *
 * Constraints that shaped it:
 * 1) Case ids are UUIDv7s made by the client, offline if need be, so there is no central
 *    counter to number cases from. The reference is therefore computed from the id (SHA-256, so
 *    ids made in the same millisecond, which differ only in their random bits, spread evenly).
 * 2) It is read aloud over the phone and typed from a sticky note, so the alphabet leaves out
 *    0/O and 1/I/L. That leaves 31 symbols; 31 is prime, which makes the check character below
 *    catch every single wrong character and every swap of two characters.
 * 3) It is a handle for people, never a key: two cases can share one. With 9 symbols
 *    (31^9 = 2.6e13) the chance of any shared reference among 100 000 cases is about 1 in 5 000,
 *    and among a million about 2%, so a lookup by reference must be ready to show more than one case.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { LanternError } from '../errors/catalogue.js';
import { isUuid } from '../ids/ids.js';

declare const caseReferenceBrand: unique symbol;
/** "LNT-" then two groups of five: nine symbols from the id and a check character. */
export type CaseReference = string & { readonly [caseReferenceBrand]: true };

export const CASE_REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BASE = CASE_REFERENCE_ALPHABET.length; // 31, prime
const PREFIX = 'LNT';
/** 9 symbols = 44.6 bits; see the collision figures above. */
const BODY_LENGTH = 9;

export type CaseReferenceProblem =
  | 'empty'
  | 'prefix'
  | 'confusable'
  | 'invalid-characters'
  | 'length'
  | 'check';

export type CaseReferenceResult =
  | { ok: true; value: CaseReference }
  | { ok: false; reason: CaseReferenceProblem; message: string };

/** The reference of a case id (any UUID, any case). Throws `E_VALIDATION` for anything else. */
export function caseReference(caseId: string): CaseReference {
  const canonical = caseId.toLowerCase();
  if (!isUuid(canonical)) {
    const message = 'A case id is a UUID';
    throw new LanternError('E_VALIDATION', message, [{ path: 'caseId', message }]);
  }
  const digest = sha256(utf8ToBytes(canonical));
  // 64 bits of the digest; reducing mod 31^9 leaves a bias below 2e-6, immaterial here.
  let n = 0n;
  for (let i = 0; i < 8; i++) n = (n << 8n) | BigInt(digest[i]!);
  const values: number[] = [];
  for (let i = 0; i < BODY_LENGTH; i++) {
    values.push(Number(n % BigInt(BASE)));
    n /= BigInt(BASE);
  }
  values.push(checkValue(values));
  return format(values);
}

/**
 * Reads a reference as people type it: any case, with or without "LNT", with spaces or dashes
 * anywhere. A wrong character or two swapped characters is caught by the check character.
 */
export function parseCaseReference(input: string): CaseReferenceResult {
  let compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (compact === '') return fail('empty', 'Enter a case reference');
  // L is not in the alphabet, so a leading LNT is always the prefix, never part of the body.
  if (compact.startsWith(PREFIX)) compact = compact.slice(PREFIX.length);
  if (/[0O1IL]/.test(compact)) {
    return fail(
      'confusable',
      'Case references never contain 0, O, 1, I or L; check the reference (it may be another kind of number)',
    );
  }
  if (!/^[A-Z0-9]+$/.test(compact)) {
    return fail(
      'invalid-characters',
      'A case reference contains only letters and digits, e.g. LNT-7K4M9-QXR2C',
    );
  }
  if (compact.length !== BODY_LENGTH + 1) {
    return /^[A-Z]{3}/.test(compact) && !compact.startsWith(PREFIX) && compact.length === BODY_LENGTH + 4
      ? fail('prefix', `A Lantern case reference starts ${PREFIX}`)
      : fail(
          'length',
          `A case reference has ${BODY_LENGTH + 1} characters after ${PREFIX}, e.g. LNT-7K4M9-QXR2C`,
        );
  }
  const values = [...compact].map((c) => CASE_REFERENCE_ALPHABET.indexOf(c));
  const body = values.slice(0, BODY_LENGTH);
  if (checkValue(body) !== values[BODY_LENGTH]) {
    return fail('check', 'This case reference is not valid: a character is wrong or two are swapped');
  }
  return { ok: true, value: format(values) };
}

/** Throws `E_VALIDATION` naming `path` when the input is not a case reference. */
export function ensureCaseReference(input: string, path = 'reference'): CaseReference {
  const result = parseCaseReference(input);
  if (!result.ok) {
    throw new LanternError('E_VALIDATION', result.message, [{ path, message: result.message }]);
  }
  return result.value;
}

/**
 * Weighted sum mod 31 with the check character weighted 1 and body symbol i weighted i + 2, so
 * the whole reference sums to 0. Weights are distinct and non-zero mod 31 (there are only 10),
 * so a change to one symbol or a swap of any two different symbols changes the sum.
 */
function checkValue(body: readonly number[]): number {
  let sum = 0;
  body.forEach((v, i) => {
    sum += v * (i + 2);
  });
  return (BASE - (sum % BASE)) % BASE;
}

function format(values: readonly number[]): CaseReference {
  const chars = values.map((v) => CASE_REFERENCE_ALPHABET[v]).join('');
  return `${PREFIX}-${chars.slice(0, 5)}-${chars.slice(5)}` as CaseReference;
}

function fail(reason: CaseReferenceProblem, message: string): CaseReferenceResult {
  return { ok: false, reason, message };
}
