/**
 * EPS short-form prescription ID, `XXXXXX-XXXXXX-XXXXXC` (domain.md §7): 6 random hex, the
 * prescribing organisation's ODS code left-padded with zeros to 6, 5 random hex, then a
 * check character computed with "modified ISO 7064 MOD 37-2, '+' in place of '*'".
 *
 * The check catches every single changed character and every swap of two neighbours, which
 * matters because the ID is read aloud and typed by pharmacy staff. Validation checks the
 * shape with any of 0-9A-Z in the data positions rather than insisting on hex: Spine checks
 * the checksum, and an ID another system issued should not be refused on a stricter reading.
 */
import { LanternError } from '../errors/catalogue.js';

declare const prescriptionIdBrand: unique symbol;
/** Upper case, dashed, check character verified: "24F5DA-A83008-7EFE6Z". */
export type PrescriptionId = string & { readonly [prescriptionIdBrand]: true };

export type PrescriptionIdProblem = 'empty' | 'format' | 'check-character';

export type PrescriptionIdResult =
  | { ok: true; value: PrescriptionId }
  | { ok: false; reason: PrescriptionIdProblem; message: string };

/** Index = value; '+' (36) replaces ISO 7064's '*'. */
export const PRESCRIPTION_ID_CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+';
const MODULUS = 37;

const DASHED = /^[0-9A-Z]{6}-[0-9A-Z]{6}-[0-9A-Z]{5}[0-9A-Z+]$/;
const UNDASHED = /^[0-9A-Z]{17}[0-9A-Z+]$/;

/** The check character for the 17 data characters (dashes are ignored). */
export function prescriptionIdCheckCharacter(data: string): string {
  const chars = data.replace(/-/g, '').toUpperCase();
  if (!/^[0-9A-Z]{17}$/.test(chars)) {
    throw new RangeError('prescriptionIdCheckCharacter needs 17 characters of 0-9A-Z');
  }
  return PRESCRIPTION_ID_CHECK_ALPHABET[(38 - runningTotal(chars)) % MODULUS]!;
}

export function parsePrescriptionId(input: string): PrescriptionIdResult {
  const text = input.trim().toUpperCase();
  if (text === '') return fail('empty', 'Enter a prescription ID');
  if (!DASHED.test(text) && !UNDASHED.test(text)) {
    return fail('format', 'A prescription ID looks like 24F5DA-A83008-7EFE6Z (18 letters or digits)');
  }
  const chars = text.replace(/-/g, '');
  const check = PRESCRIPTION_ID_CHECK_ALPHABET.indexOf(chars[17]!);
  if ((runningTotal(chars.slice(0, 17)) + check) % MODULUS !== 1) {
    return fail(
      'check-character',
      'This prescription ID is not valid: its check character does not match (a mistyped character?)',
    );
  }
  return {
    ok: true,
    value: `${chars.slice(0, 6)}-${chars.slice(6, 12)}-${chars.slice(12)}` as PrescriptionId,
  };
}

export function isPrescriptionId(value: unknown): value is PrescriptionId {
  return typeof value === 'string' && DASHED.test(value) && parsePrescriptionId(value).ok;
}

/** Throws `E_VALIDATION` naming `path` when the input is not a valid prescription ID. */
export function ensurePrescriptionId(input: string, path = 'prescriptionId'): PrescriptionId {
  const result = parsePrescriptionId(input);
  if (!result.ok) {
    throw new LanternError('E_VALIDATION', result.message, [{ path, message: result.message }]);
  }
  return result.value;
}

/**
 * A new short-form ID for a prescription issued by `prescriberOdsCode` (the organisation, up
 * to 6 characters). `rng` returns [0, 1); it defaults to the platform's cryptographic source
 * so two IDs collide only by chance over 44 random bits, and a seeded one makes tests repeatable.
 */
export function generatePrescriptionId(
  prescriberOdsCode: string,
  rng: () => number = cryptoRandom,
): PrescriptionId {
  const ods = prescriberOdsCode.trim().toUpperCase();
  if (!/^[0-9A-Z]{1,6}$/.test(ods)) {
    throw new LanternError('E_VALIDATION', 'The prescriber ODS code must be 1 to 6 letters or digits', [
      { path: 'prescriberOdsCode', message: 'must be 1 to 6 letters or digits' },
    ]);
  }
  const data = `${randomHex(6, rng)}${ods.padStart(6, '0')}${randomHex(5, rng)}`;
  const id = `${data.slice(0, 6)}-${data.slice(6, 12)}-${data.slice(12)}${prescriptionIdCheckCharacter(data)}`;
  return id as PrescriptionId;
}

/** The prescribing organisation segment without its zero padding: "A83008", "0000AB" -> "AB". */
export function prescriberOdsSegment(id: PrescriptionId): string {
  return id.slice(7, 13).replace(/^0+/, '');
}

/** ISO 7064 pure-system recursion: total = ((total + value) * 2) mod 37 for each character. */
function runningTotal(chars: string): number {
  let total = 0;
  for (const ch of chars) total = ((total + Number.parseInt(ch, 36)) * 2) % MODULUS;
  return total;
}

function randomHex(length: number, rng: () => number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.max(0, Math.min(15, Math.floor(rng() * 16))).toString(16);
  return out.toUpperCase();
}

function cryptoRandom(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0]! / 2 ** 32;
}

function fail(reason: PrescriptionIdProblem, message: string): PrescriptionIdResult {
  return { ok: false, reason, message };
}
