/**
 * NHS number: ten digits whose last digit is a Modulus 11 check digit (NHS Data Dictionary;
 * domain.md §8). An `NhsNumber` value exists only after that check passed, so code that holds
 * one never re-validates. The printed form is 3 3 4 ("943 476 5919"); people type it with
 * spaces or dashes in those places, so those are accepted and nothing else is.
 */
import { LanternError } from '../errors/catalogue.js';

declare const nhsNumberBrand: unique symbol;
/** Ten digits, no separators, Modulus 11 check digit verified. */
export type NhsNumber = string & { readonly [nhsNumberBrand]: true };

export type NhsNumberProblem = 'empty' | 'non-digit' | 'length' | 'format' | 'check-digit' | 'check-digit-10';

export type NhsNumberResult =
  | { ok: true; value: NhsNumber }
  | { ok: false; reason: NhsNumberProblem; message: string };

/** d1 is weighted 10, d9 is weighted 2 (domain.md §8 step 2). */
const WEIGHTS = [10, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** The NHS test range: numbers starting 999 are never issued to real patients. */
const TEST_RANGE_PREFIX = '999';

/**
 * The check digit for nine leading digits, or 10 when no valid number starts with them
 * (remainder 1 gives 11 - 1 = 10, which the NHS never issues).
 */
export function nhsNumberCheckDigit(firstNine: string): number {
  if (!/^\d{9}$/.test(firstNine)) {
    throw new RangeError('nhsNumberCheckDigit needs exactly nine digits');
  }
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}

const SEPARATED_3_3_4 = /^\d{3}([ -]?)\d{3}\1\d{4}$/;

export function parseNhsNumber(input: string): NhsNumberResult {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty', 'Enter an NHS number');
  if (/[^\d -]/.test(trimmed)) {
    return fail('non-digit', 'An NHS number contains only digits (spaces or dashes may separate 3 3 4)');
  }
  const digits = trimmed.replace(/[ -]/g, '');
  if (digits.length !== 10) {
    return fail('length', `An NHS number has 10 digits; this has ${digits.length}`);
  }
  if (!SEPARATED_3_3_4.test(trimmed)) {
    return fail('format', 'Separate an NHS number only as 3 3 4 digits, e.g. 943 476 5919');
  }
  const check = nhsNumberCheckDigit(digits.slice(0, 9));
  if (check === 10) {
    return fail(
      'check-digit-10',
      'This is not an NHS number: no number with these first nine digits is issued',
    );
  }
  if (check !== Number(digits[9])) {
    return fail(
      'check-digit',
      'This is not a valid NHS number: the check digit does not match (a mistyped digit?)',
    );
  }
  return { ok: true, value: digits as NhsNumber };
}

export function isNhsNumber(value: unknown): value is NhsNumber {
  return typeof value === 'string' && /^\d{10}$/.test(value) && parseNhsNumber(value).ok;
}

/** Throws `E_VALIDATION` naming `path` when the input is not a valid NHS number. */
export function ensureNhsNumber(input: string, path = 'nhsNumber'): NhsNumber {
  const result = parseNhsNumber(input);
  if (!result.ok) {
    throw new LanternError('E_VALIDATION', result.message, [{ path, message: result.message }]);
  }
  return result.value;
}

/** The printed form, 3 3 4: "943 476 5919". */
export function formatNhsNumber(nhsNumber: NhsNumber): string {
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}

/**
 * A valid NHS number in the test range 999 000 0000 - 999 999 9999, for demos, fixtures and
 * training. `rng` returns [0, 1) like Math.random; pass a seeded one for repeatable data.
 */
export function generateTestNhsNumber(rng: () => number): NhsNumber {
  let stem = TEST_RANGE_PREFIX;
  for (let i = 0; i < 6; i++) stem += String(Math.max(0, Math.min(9, Math.floor(rng() * 10))));
  if (nhsNumberCheckDigit(stem) === 10) {
    // About 1 stem in 11 has no valid number. Moving the last digit on by one changes the
    // weighted sum by +2 or -18, neither a multiple of 11, so the new stem always has one.
    stem = stem.slice(0, 8) + String((Number(stem[8]) + 1) % 10);
  }
  return `${stem}${nhsNumberCheckDigit(stem)}` as NhsNumber;
}

function fail(reason: NhsNumberProblem, message: string): NhsNumberResult {
  return { ok: false, reason, message };
}
