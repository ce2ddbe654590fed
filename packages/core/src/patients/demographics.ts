/**
 * A patient's demographics as the patient index holds them, as zod schemas.
 *
 * Constraints that shaped it:
 * 1) Values people type in many spellings are normalised on the way in (NHS number to ten
 *    digits, postcode to "M1 1AE", phone numbers to E.164, ODS code to upper case), and parsing a
 *    normalised value gives it back unchanged, so stored events can be re-read by the same schema.
 * 2) Strict objects: an unknown field is refused, not dropped, so a misspelt field at the edge
 *    fails loudly instead of losing what the call handler typed.
 * 3) The "not in the future" rule for a date of birth needs today's date, which a schema must
 *    not read from the clock: `parseDemographics(input, today)` adds it for commands, while the
 *    event schemas (re-read long after) check only the calendar and the 1880 floor.
 * 4) Every text has an upper bound, so one oversized field cannot bloat the log.
 */
import { z } from 'zod';
import { type ErrorDetail, LanternError } from '../errors/catalogue.js';
import { type NormalisedPostcode, parsePostcode } from '../geo/postcode.js';
import { parseDateOfBirth } from './dateOfBirth.js';
import { type NhsNumber, parseNhsNumber } from './nhsNumber.js';
import { type PatientPhoneNumber, parsePatientPhone } from './patientPhone.js';

const NAME_MAX = 100;
const LINE_MAX = 200;
export const SPECIAL_NOTE_MAX = 2000;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`);

export const patientNhsNumberSchema = z.string().transform((value, ctx): NhsNumber => {
  const result = parseNhsNumber(value);
  if (result.ok) return result.value;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

export const patientPostcodeSchema = z.string().transform((value, ctx): NormalisedPostcode => {
  const result = parsePostcode(value);
  if (result.ok) return result.value.normalised;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

export const patientPhoneSchema = z.string().transform((value, ctx): PatientPhoneNumber => {
  const result = parsePatientPhone(value);
  if (result.ok) return result.value;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

/** Calendar and 1880 checks only; see constraint 3 for "not in the future". */
export const birthDateSchema = z.string().transform((value, ctx) => {
  const result = parseDateOfBirth(value);
  if (result.ok) return result.value;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

/** ODS organisation code of the registered GP practice, e.g. "A81001", "Y12345". */
export const odsCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,10}$/, 'an ODS code is 3 to 10 letters and digits, e.g. A81001');

/** BCP 47 language tag as used by UK Core / PDS: "en", "fr", "pa", "bfi" (British Sign Language). */
export const languageSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/, 'a language code such as "en", "pl", "pa" or "bfi" (BSL)');

/** FHIR administrative gender, as PDS holds it. */
export const ADMINISTRATIVE_GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type AdministrativeGender = (typeof ADMINISTRATIVE_GENDERS)[number];

/** FHIR ContactPoint.use for phones. */
export const PHONE_USES = ['home', 'mobile', 'work', 'temp'] as const;
export type PhoneUse = (typeof PHONE_USES)[number];

/**
 * Needs that change how staff talk to the patient (NHS Accessible Information Standard, in the
 * words a call handler uses). `other` needs a detail.
 */
export const COMMUNICATION_NEEDS = [
  'deaf-bsl-user',
  'hard-of-hearing',
  'blind-or-partially-sighted',
  'speech-difficulty',
  'learning-disability',
  'cognitive-impairment',
  'text-relay',
  'large-print',
  'easy-read',
  'braille',
  'other',
] as const;
export type CommunicationNeedKind = (typeof COMMUNICATION_NEEDS)[number];

/**
 * Special patient notes: what any clinician must know before talking to this patient. Every
 * screen that shows the patient shows their active notes.
 */
export const SPECIAL_NOTE_KINDS = ['care-plan', 'safeguarding', 'access', 'dnacpr-respect', 'other'] as const;
export type SpecialNoteKind = (typeof SPECIAL_NOTE_KINDS)[number];

export const SPECIAL_NOTE_LABELS: Record<SpecialNoteKind, string> = {
  'care-plan': 'Care plan',
  safeguarding: 'Safeguarding',
  access: 'Access to property',
  'dnacpr-respect': 'DNACPR / ReSPECT',
  other: 'Special note',
};

export const patientNameSchema = z.strictObject({
  prefix: text(40).optional(),
  /** Given names in order; the first is the first name. Empty when only one name is known. */
  given: z.array(text(NAME_MAX)).max(5, 'at most 5 given names').default([]),
  /** Family name (or the only name, for people with one name). */
  family: text(NAME_MAX),
});

export const addressSchema = z
  .strictObject({
    lines: z.array(text(LINE_MAX)).max(5, 'at most 5 address lines').default([]),
    postcode: patientPostcodeSchema.optional(),
  })
  .check((ctx) => {
    if (ctx.value.lines.length === 0 && ctx.value.postcode === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'give at least one address line or a postcode (leave the address out when unknown)',
        input: ctx.value,
      });
    }
  });

export const phoneSchema = z.strictObject({
  use: z.enum(PHONE_USES),
  number: patientPhoneSchema,
});

export const communicationNeedSchema = z
  .strictObject({
    kind: z.enum(COMMUNICATION_NEEDS),
    detail: text(LINE_MAX).optional(),
  })
  .check((ctx) => {
    if (ctx.value.kind === 'other' && ctx.value.detail === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'say what the need is',
        path: ['detail'],
        input: ctx.value,
      });
    }
  });

const demographicsShape = {
  nhsNumber: patientNhsNumberSchema.optional(),
  /** True only when the NHS number was confirmed by a PDS trace, never because someone typed it. */
  nhsNumberVerified: z.boolean().default(false),
  name: patientNameSchema,
  birthDate: birthDateSchema,
  gender: z.enum(ADMINISTRATIVE_GENDERS),
  address: addressSchema.optional(),
  phones: z.array(phoneSchema).max(5, 'at most 5 phone numbers').default([]),
  gpPracticeOds: odsCodeSchema.optional(),
  language: languageSchema.optional(),
  interpreterRequired: z.boolean().default(false),
  communicationNeeds: z.array(communicationNeedSchema).max(10).default([]),
};

type DemographicsLike = {
  nhsNumber?: unknown;
  nhsNumberVerified?: boolean;
  language?: unknown;
  interpreterRequired?: boolean;
};

function checkCoherent(ctx: { value: DemographicsLike; issues: z.core.$ZodRawIssue[] }): void {
  if (ctx.value.nhsNumberVerified && ctx.value.nhsNumber === undefined) {
    ctx.issues.push({
      code: 'custom',
      message: 'a verified NHS number needs the NHS number',
      path: ['nhsNumberVerified'],
      input: ctx.value,
    });
  }
  if (ctx.value.interpreterRequired && ctx.value.language === undefined) {
    ctx.issues.push({
      code: 'custom',
      message: 'say which language the interpreter is for',
      path: ['language'],
      input: ctx.value,
    });
  }
}

export const demographicsSchema = z.strictObject(demographicsShape).check(checkCoherent);

export type Demographics = z.output<typeof demographicsSchema>;
export type DemographicsInput = z.input<typeof demographicsSchema>;
export type PatientName = z.output<typeof patientNameSchema>;
export type PatientAddress = z.output<typeof addressSchema>;
export type PatientPhone = z.output<typeof phoneSchema>;
export type CommunicationNeed = z.output<typeof communicationNeedSchema>;

/**
 * A change to demographics, merge-patch style: a field present replaces the current value
 * (arrays and objects whole), `null` removes an optional field, a field left out is unchanged.
 */
export const demographicsChangesSchema = z
  .strictObject({
    nhsNumber: patientNhsNumberSchema.nullable().optional(),
    nhsNumberVerified: z.boolean().optional(),
    name: patientNameSchema.optional(),
    birthDate: birthDateSchema.optional(),
    gender: z.enum(ADMINISTRATIVE_GENDERS).optional(),
    address: addressSchema.nullable().optional(),
    phones: z.array(phoneSchema).max(5, 'at most 5 phone numbers').optional(),
    gpPracticeOds: odsCodeSchema.nullable().optional(),
    language: languageSchema.nullable().optional(),
    interpreterRequired: z.boolean().optional(),
    communicationNeeds: z.array(communicationNeedSchema).max(10).optional(),
  })
  .check((ctx) => {
    if (Object.keys(ctx.value).length === 0) {
      ctx.issues.push({ code: 'custom', message: 'name at least one field to change', input: ctx.value });
    }
  });

export type DemographicsChanges = z.output<typeof demographicsChangesSchema>;
export type DemographicsChangesInput = z.input<typeof demographicsChangesSchema>;

/** The demographics after `changes`; fields set to null are removed. Not re-validated. */
export function applyDemographicsChanges(current: Demographics, changes: DemographicsChanges): Demographics {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  // A new NHS number has not been verified, whatever the old one was.
  if (changes.nhsNumber !== undefined && changes.nhsNumber !== current.nhsNumber) {
    next.nhsNumberVerified = changes.nhsNumberVerified ?? false;
  }
  return next as Demographics;
}

/**
 * Validates demographics typed at the edge, including "not born in the future" against
 * `today` (YYYY-MM-DD, UK date). Throws `E_VALIDATION` naming each field at fault.
 */
export function parseDemographics(input: unknown, today: string, pathPrefix = ''): Demographics {
  const result = demographicsSchema.safeParse(input);
  if (!result.success) throw invalid('The patient details are not valid', result.error.issues, pathPrefix);
  ensureBornByToday(result.data.birthDate, today, `${pathPrefix}birthDate`);
  return result.data;
}

/** As parseDemographics, for a change. */
export function parseDemographicsChanges(
  input: unknown,
  today: string,
  pathPrefix = '',
): DemographicsChanges {
  const result = demographicsChangesSchema.safeParse(input);
  if (!result.success) throw invalid('The changes are not valid', result.error.issues, pathPrefix);
  if (result.data.birthDate !== undefined)
    ensureBornByToday(result.data.birthDate, today, `${pathPrefix}birthDate`);
  return result.data;
}

/** Re-checks the whole record after a change (e.g. an interpreter without a language). */
export function ensureCoherentDemographics(demographics: Demographics, pathPrefix = ''): Demographics {
  const result = demographicsSchema.safeParse(demographics);
  if (!result.success)
    throw invalid('The changed record would not be valid', result.error.issues, pathPrefix);
  return result.data;
}

function ensureBornByToday(birthDate: string, today: string, path: string): void {
  const check = parseDateOfBirth(birthDate, today);
  if (!check.ok) throw new LanternError('E_VALIDATION', check.message, [{ path, message: check.message }]);
}

function invalid(message: string, issues: readonly z.core.$ZodIssue[], pathPrefix: string): LanternError {
  return new LanternError('E_VALIDATION', message, zodIssueDetails(issues, pathPrefix));
}

/** zod issues as error details, each naming its field ("name.given[1]", "phones[0].number"). */
export function zodIssueDetails(issues: readonly z.core.$ZodIssue[], pathPrefix = ''): ErrorDetail[] {
  return issues.flatMap((issue): ErrorDetail[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: pathPrefix + formatIssuePath([...issue.path, key]),
        message: 'is not a known field',
      }));
    }
    const path = pathPrefix + formatIssuePath(issue.path);
    const where = path.replace(/\.$/, '');
    return [where === '' ? { message: issue.message } : { path: where, message: issue.message }];
  });
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** "Mrs Jane Smith"; "SMITH" style capitals from PDS are kept as given. */
export function displayPatientName(name: PatientName): string {
  return [name.prefix, ...name.given, name.family].filter((p) => p !== undefined && p !== '').join(' ');
}
