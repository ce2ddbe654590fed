/**
 * UK postcodes: "M1 1AE" = outward code (area "M" + district "1") and inward code
 * (sector digit "1" + unit "AE"). People type them in any case and spacing, so input is
 * upper-cased and the space is put back before the last three characters. The positional
 * letter rules are the Royal Mail / ONS ones; they reject typos such as a letter O for a
 * zero in the inward code. Outward code alone ("M1") is accepted: callers often know only
 * the district, and the outcode centroid is a usable search centre.
 *
 * Terminated codes that broke the rules (W1M, W1N..., NPT) are rejected on purpose; a
 * test over the ONS outcode list pins exactly which.
 */
import { LanternError } from '../errors/catalogue.js';

declare const postcodeBrand: unique symbol;
/** Upper case, single space before the inward code ("M1 1AE"), or an outward code ("M1"). */
export type NormalisedPostcode = string & { readonly [postcodeBrand]: true };

export interface Postcode {
  /** Outward code, e.g. "M1", "SW1A". */
  outcode: string;
  /** Inward code, e.g. "1AE"; null when only the outward code was given. */
  incode: string | null;
  /** Postcode area, the leading letters: "M", "SW". */
  area: string;
  /** Postcode sector, e.g. "M1 1"; null without an inward code. */
  sector: string | null;
  normalised: NormalisedPostcode;
}

export type PostcodeProblem = 'empty' | 'invalid-characters' | 'invalid-format';

export type PostcodeResult =
  | { ok: true; value: Postcode }
  | { ok: false; reason: PostcodeProblem; message: string };

/**
 * Area letter 1 is never Q, V or X; letter 2 never I, J or Z. A9A districts end in one of
 * ABCDEFGHJKPSTUW, AA9A districts in one of ABEHMNPRVWXY. GIR is the one historic exception.
 */
const OUTCODE =
  /^(?:GIR|[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPS-UW]|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/;
/** The unit letters never use C, I, K, M, O or V (too easily misread). */
const INCODE = /^[0-9][ABD-HJLNP-UW-Z]{2}$/;

export function parsePostcode(input: string): PostcodeResult {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === '') return fail('empty', 'Enter a postcode');
  if (!/^[A-Z0-9]+$/.test(compact)) {
    return fail('invalid-characters', 'A postcode contains only letters, digits and a space');
  }
  if (OUTCODE.test(compact)) {
    return {
      ok: true,
      value: {
        outcode: compact,
        incode: null,
        area: areaOf(compact),
        sector: null,
        normalised: compact as NormalisedPostcode,
      },
    };
  }
  const outcode = compact.slice(0, -3);
  const incode = compact.slice(-3);
  if (compact.length < 5 || compact.length > 7 || !OUTCODE.test(outcode) || !INCODE.test(incode)) {
    return fail('invalid-format', `"${input.trim()}" is not a UK postcode (expected something like M1 1AE)`);
  }
  if (outcode === 'GIR' && incode !== '0AA') {
    return fail('invalid-format', 'GIR is used only in GIR 0AA');
  }
  return {
    ok: true,
    value: {
      outcode,
      incode,
      area: areaOf(outcode),
      sector: `${outcode} ${incode[0]}`,
      normalised: `${outcode} ${incode}` as NormalisedPostcode,
    },
  };
}

/** Throws `E_VALIDATION` naming `path` when the input is not a postcode or outward code. */
export function ensurePostcode(input: string, path = 'postcode'): Postcode {
  const result = parsePostcode(input);
  if (!result.ok) {
    throw new LanternError('E_VALIDATION', result.message, [{ path, message: result.message }]);
  }
  return result.value;
}

function areaOf(outcode: string): string {
  return /^[A-Z]+/.exec(outcode)![0];
}

function fail(reason: PostcodeProblem, message: string): PostcodeResult {
  return { ok: false, reason, message };
}
