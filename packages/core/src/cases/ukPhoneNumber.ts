/**
 * UK telephone numbers for call-backs. A call-back number must be one a clinician can ring from
 * a UK service, so only UK numbers are accepted and the stored form is E.164 ("+447700900123"):
 * one spelling per number, so two cases from the same phone compare equal.
 *
 * People give numbers in every form ("07700 900123", "+44 (0)7700 900123", "0044 7700-900123"),
 * so separators are ignored and the "(0)" trunk prefix is understood. The number plan checks are
 * Ofcom's National Telephone Numbering Plan at the level of the first digit after the 0: enough
 * to catch a digit too many or too few, never so fine that a real new range is refused.
 * 09 (premium rate) is refused on purpose: a service must never be charged to call a patient back.
 */
import { LanternError } from '../errors/catalogue.js';

declare const ukPhoneBrand: unique symbol;
/** E.164, "+44" then the national significant number (no leading 0), e.g. "+447700900123". */
export type UkPhoneNumber = string & { readonly [ukPhoneBrand]: true };

export type UkPhoneProblem =
  | 'empty'
  | 'invalid-characters'
  | 'not-uk'
  | 'format'
  | 'length'
  | 'premium-rate'
  | 'not-in-use';

export type UkPhoneResult =
  | { ok: true; value: UkPhoneNumber }
  | { ok: false; reason: UkPhoneProblem; message: string };

const EXAMPLE = 'e.g. 07700 900123 or 0161 496 0000';

/** Allowed national significant number lengths by leading digit (Ofcom numbering plan). */
const NSN_LENGTHS: Record<string, readonly number[]> = {
  // Geographic. A handful of 01 areas (e.g. 016977 Brampton) still have nine-digit numbers.
  '1': [9, 10],
  '2': [10],
  // Non-geographic charged at geographic rates.
  '3': [10],
  // Corporate and VoIP.
  '5': [10],
  // Mobile, personal numbering, pagers.
  '7': [10],
  // Freephone and special services; 0800 also has nine-digit numbers (0800 xxx xxx).
  '8': [9, 10],
};

export function parseUkPhoneNumber(input: string): UkPhoneResult {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty', 'Enter a phone number');
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) {
    return fail(
      'invalid-characters',
      `A phone number contains only digits, spaces and a leading + (${EXAMPLE})`,
    );
  }
  const compact = trimmed.replace(/^\+44\s*\(0\)/, '+44').replace(/[\s().-]/g, '');
  let nsn: string;
  if (compact.startsWith('+44')) nsn = compact.slice(3);
  else if (compact.startsWith('0044')) nsn = compact.slice(4);
  else if (compact.startsWith('+') || compact.startsWith('00')) {
    return fail('not-uk', 'Only UK phone numbers can be used for a call-back');
  } else if (compact.startsWith('0')) nsn = compact.slice(1);
  else return fail('format', `A UK phone number starts with 0 or +44 (${EXAMPLE})`);
  // "+44 0161 ..." is a common way to write it; the 0 is the trunk prefix, not part of the number.
  if (compact.startsWith('+') || compact.startsWith('00')) nsn = nsn.replace(/^0/, '');

  const lead = nsn[0];
  if (lead === undefined) return fail('length', `This phone number is too short (${EXAMPLE})`);
  if (lead === '9') {
    return fail('premium-rate', 'A premium-rate 09 number cannot be used for a call-back');
  }
  const lengths = NSN_LENGTHS[lead];
  if (lengths === undefined) {
    return fail('not-in-use', `UK phone numbers do not start 0${lead}; check the number (${EXAMPLE})`);
  }
  const nineDigitFreephone = lead === '8' && nsn.startsWith('800');
  const allowed = lead === '8' && !nineDigitFreephone ? [10] : lengths;
  if (!allowed.includes(nsn.length)) {
    const national = nsn.length + 1;
    const expected = allowed.map((n) => n + 1).join(' or ');
    return fail('length', `This number has ${national} digits; a 0${lead} number has ${expected}`);
  }
  return { ok: true, value: `+44${nsn}` as UkPhoneNumber };
}

export function isUkPhoneNumber(value: unknown): value is UkPhoneNumber {
  if (typeof value !== 'string' || !/^\+44\d{9,10}$/.test(value)) return false;
  const result = parseUkPhoneNumber(value);
  return result.ok && result.value === value;
}

/** Throws `E_VALIDATION` naming `path` when the input is not a UK phone number. */
export function ensureUkPhoneNumber(input: string, path = 'phone'): UkPhoneNumber {
  const result = parseUkPhoneNumber(input);
  if (!result.ok) {
    throw new LanternError('E_VALIDATION', result.message, [{ path, message: result.message }]);
  }
  return result.value;
}

/**
 * The national form people read back on a call: "07700 900123", "020 7946 0000",
 * "0161 496 0000", "01632 960000", "0300 123 4567", "0800 123 456".
 */
export function formatUkPhoneNumber(phone: UkPhoneNumber): string {
  const national = `0${phone.slice(3)}`;
  const groups = (...sizes: number[]): string => {
    const parts: string[] = [];
    let at = 0;
    for (const size of sizes) {
      parts.push(national.slice(at, at + size));
      at += size;
    }
    if (at < national.length) parts.push(national.slice(at));
    return parts.filter((p) => p !== '').join(' ');
  };
  if (national.startsWith('02')) return groups(3, 4, 4);
  // 011x and 01x1 are the large cities with four-digit area codes.
  if (/^01(1\d|\d1)/.test(national)) return groups(4, 3, 4);
  if (national.startsWith('01') || national.startsWith('07')) return groups(5, 6);
  if (national.length === 10) return groups(4, 3, 3);
  return groups(4, 3, 4);
}

function fail(reason: UkPhoneProblem, message: string): UkPhoneResult {
  return { ok: false, reason, message };
}
