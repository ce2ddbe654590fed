/**
 * A patient's phone numbers. Unlike a call-back number (UK only, see cases/ukPhoneNumber), a
 * patient's record must keep the number they have, including an overseas mobile (PDS holds
 * them, e.g. "00917855986859"). UK numbers go through the UK numbering-plan check; any other
 * number must be an international number in E.164 shape (country code, 8 to 15 digits). Both
 * are stored in E.164 ("+447700900123", "+917855986859") so one number has one spelling.
 */
import { parseUkPhoneNumber } from '../cases/ukPhoneNumber.js';

declare const patientPhoneBrand: unique symbol;
/** E.164: "+" then 8 to 15 digits. */
export type PatientPhoneNumber = string & { readonly [patientPhoneBrand]: true };

export type PatientPhoneResult = { ok: true; value: PatientPhoneNumber } | { ok: false; message: string };

export function parsePatientPhone(input: string): PatientPhoneResult {
  const trimmed = input.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  const international = /^(?:\+|00)(\d+)$/.exec(compact);
  if (international && !/^(?:\+|00)44/.test(compact)) {
    const digits = international[1] as string;
    if (digits.startsWith('0')) {
      return { ok: false, message: 'An international number starts with a country code, not 0' };
    }
    if (digits.length < 8 || digits.length > 15) {
      return { ok: false, message: `An international number has 8 to 15 digits; this has ${digits.length}` };
    }
    return { ok: true, value: `+${digits}` as PatientPhoneNumber };
  }
  const uk = parseUkPhoneNumber(trimmed);
  if (uk.ok) return { ok: true, value: uk.value as string as PatientPhoneNumber };
  // The UK parser's "not-uk" wording is about call-backs; here any country is fine.
  return { ok: false, message: uk.message };
}
