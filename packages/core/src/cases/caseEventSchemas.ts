/**
 * The `case` stream's event catalogue: one zod schema per event type, for the data of the event.
 *
 * Constraints that shaped it:
 * 1) Events are facts in the past tense and are never changed once written, so each schema is
 *    strict (an unknown key is refused, not dropped): a misspelt optional field at the edge must
 *    fail loudly rather than lose what the clinician typed.
 * 2) Values that people type in many spellings are normalised on the way in (call-back number to
 *    E.164, postcode to "M1 1AE", NHS number to ten digits), so the log holds one spelling and
 *    parsing an already-normalised value gives it back unchanged (folding re-parses stored data).
 * 3) Who did something is the event's `actor`; a data field names a person only where the fact
 *    is about that person (the clinician assigned, the clinician who overrode).
 * 4) The triage engine owns TriageStarted / TriageCompleted; this stream records only the
 *    disposition it reached, as a snapshot, so a case reads the same after the protocol changes.
 * 5) Every text has an upper bound, so one oversized field cannot bloat the log, the hash chain
 *    and every console's offline cache; bounds are generous for clinical text, tight for ids.
 * 6) Strictness cuts both ways: code older than an event it meets refuses it too. `foldCase` then
 *    lists the event as a problem rather than guessing, so a new optional field needs the web
 *    console updated with (or before) the server that writes it.
 */
import { z } from 'zod';
import { parsePostcode } from '../geo/postcode.js';
import { type NhsNumber, parseNhsNumber } from '../patients/nhsNumber.js';
import { observationsRecordedSchema } from './observations.js';
import { parseUkPhoneNumber } from './ukPhoneNumber.js';

const ID_MAX = 200;
const SHORT_TEXT_MAX = 200;
const REASON_MAX = 2000;
/** A consultation note can be long (a full history and examination); 20k characters is ~8 pages. */
const NOTE_MAX = 20_000;
/** Dispositions run from minutes to "routine" (a week); a month is beyond any real timeframe. */
const TIMEFRAME_MAX_MINUTES = 31 * 24 * 60;
/** The national Repeat Caller Service keeps records for at most 96 hours; a week is ample room. */
const REPEAT_WINDOW_MAX_HOURS = 7 * 24;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`);
const id = () => text(ID_MAX);
const isoDateTime = () =>
  z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' });

export const ukPhoneNumberSchema = z.string().transform((value, ctx) => {
  const result = parseUkPhoneNumber(value);
  if (result.ok) return result.value;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

export const postcodeSchema = z.string().transform((value, ctx) => {
  const result = parsePostcode(value);
  if (result.ok) return result.value.normalised;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

export const nhsNumberSchema = z.string().transform((value, ctx): NhsNumber => {
  const result = parseNhsNumber(value);
  if (result.ok) return result.value;
  ctx.issues.push({ code: 'custom', message: result.message, input: value });
  return z.NEVER;
});

export const CASE_CHANNELS = [
  'phone-111',
  'online-111',
  '999-transfer',
  'gp-referral',
  'walk-in',
  'other',
] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export const CALLER_RELATIONSHIPS = [
  'self',
  'parent',
  'guardian',
  'partner',
  'relative',
  'carer',
  'friend',
  'care-home-staff',
  'healthcare-professional',
  'bystander',
  'other',
] as const;
export type CallerRelationship = (typeof CALLER_RELATIONSHIPS)[number];

export const caseOpenedSchema = z.strictObject({
  call: z.strictObject({
    callerName: text(SHORT_TEXT_MAX),
    relationshipToPatient: z.enum(CALLER_RELATIONSHIPS),
    /** Free text when the list does not say it ("neighbour", "school nurse"). */
    relationshipDetail: text(SHORT_TEXT_MAX).optional(),
    callBackNumber: ukPhoneNumberSchema,
  }),
  location: z
    .strictObject({
      addressLines: z.array(text(SHORT_TEXT_MAX)).max(6, 'at most 6 address lines').optional(),
      postcode: postcodeSchema,
      lat: z.number().min(-90).max(90).optional(),
      lon: z.number().min(-180).max(180).optional(),
      /** How to get in: key safe, gate code, which flat. Read by a crew at the door. */
      notes: text(REASON_MAX).optional(),
    })
    .check((ctx) => {
      if ((ctx.value.lat === undefined) !== (ctx.value.lon === undefined)) {
        const missing = ctx.value.lat === undefined ? 'lat' : 'lon';
        ctx.issues.push({
          code: 'custom',
          message: 'give both latitude and longitude, or neither',
          path: [missing],
          input: ctx.value,
        });
      }
    }),
  arrivedVia: z.enum(CASE_CHANNELS),
  /** The service (and so the queue family) the case belongs to: a directory service id. */
  serviceId: id(),
  openedBy: id(),
});

export const PATIENT_SEXES = ['female', 'male', 'other', 'unknown'] as const;

export const patientIdentifiedSchema = z
  .strictObject({
    patientId: z.uuid({ error: 'must be a UUID' }),
    nhsNumber: nhsNumberSchema.optional(),
    /** True only when the identity was traced and confirmed against PDS. */
    verified: z.boolean(),
    /** A snapshot for display; the patient record stays the source of truth. */
    demographics: z.strictObject({
      givenName: text(SHORT_TEXT_MAX).optional(),
      familyName: text(SHORT_TEXT_MAX).optional(),
      dateOfBirth: z.iso.date({ error: 'must be a date, YYYY-MM-DD' }).optional(),
      sex: z.enum(PATIENT_SEXES).optional(),
      gpPracticeOds: text(20).optional(),
      gpPracticeName: text(SHORT_TEXT_MAX).optional(),
    }),
  })
  .check((ctx) => {
    if (ctx.value.verified && ctx.value.nhsNumber === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'a PDS-verified patient has an NHS number',
        path: ['nhsNumber'],
        input: ctx.value,
      });
    }
  });

export const presentingComplaintRecordedSchema = z.strictObject({
  text: text(REASON_MAX),
});

export const AMBULANCE_CATEGORIES = ['C1', 'C2', 'C3', 'C4'] as const;
export const DISPOSITION_SOURCES = ['triage', 'clinician-override', 'inbound-referral'] as const;

/** What a disposition is, as a snapshot: enough to set the breach time and route the case. */
const dispositionSnapshotShape = {
  /** Opaque code: "Dx0122", "Dx11", "LX-ED-1H". Dx11 and Dx110 are different codes. */
  code: text(40),
  label: text(SHORT_TEXT_MAX),
  /** Minutes within which the next service should start; null when none applies (self-care). */
  timeframeMinutes: z.int().min(1).max(TIMEFRAME_MAX_MINUTES).nullable(),
  /**
   * Free text, not the triage engine's list: an inbound referral may carry another supplier's
   * skillset, and the record must keep what was said.
   */
  skillset: text(100),
  ambulanceCategory: z.enum(AMBULANCE_CATEGORIES).optional(),
};

export const dispositionSnapshotSchema = z.strictObject(dispositionSnapshotShape);

export const dispositionReachedSchema = z
  .strictObject({
    ...dispositionSnapshotShape,
    protocolId: text(ID_MAX).optional(),
    protocolVersion: text(50).optional(),
    source: z.enum(DISPOSITION_SOURCES),
    reason: text(REASON_MAX).optional(),
  })
  .check((ctx) => {
    if (ctx.value.source === 'clinician-override' && ctx.value.reason === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: 'a clinician setting the disposition gives a reason',
        path: ['reason'],
        input: ctx.value,
      });
    }
  });

export const dispositionOverriddenSchema = z
  .strictObject({
    /** The code being overridden; must be the case's current disposition. */
    from: text(40),
    to: dispositionSnapshotSchema,
    reason: text(REASON_MAX),
    clinicianId: id(),
  })
  .check((ctx) => {
    if (ctx.value.from === ctx.value.to.code) {
      ctx.issues.push({
        code: 'custom',
        message: `the disposition is already ${ctx.value.from}`,
        path: ['to', 'code'],
        input: ctx.value,
      });
    }
  });

export const caseQueuedSchema = z.strictObject({
  queue: id(),
  /** 1 is the most urgent, 5 the least (the same direction as ambulance categories). */
  priority: z.int({ error: 'must be a whole number from 1 to 5' }).min(1).max(5),
});

export const caseAssignedSchema = z.strictObject({
  clinicianId: id(),
});

export const caseReleasedSchema = z.strictObject({
  /** The clinician the case is released from (a supervisor may release someone else's case). */
  clinicianId: id(),
  reason: text(REASON_MAX).optional(),
});

export const NOTE_KINDS = ['consultation', 'handover', 'safeguarding'] as const;

export const consultationNoteAddedSchema = z.strictObject({
  text: text(NOTE_MAX),
  authorId: id(),
  kind: z.enum(NOTE_KINDS),
});

export const CALL_BACK_OUTCOMES = ['answered', 'no-answer', 'voicemail', 'wrong-number', 'busy'] as const;

export const callBackAttemptedSchema = z.strictObject({
  outcome: z.enum(CALL_BACK_OUTCOMES),
  number: ukPhoneNumberSchema,
  at: isoDateTime(),
});

export const CASE_OUTCOMES = [
  'advice-given',
  'referred',
  'ambulance-dispatched',
  'appointment-booked',
  'prescription-issued',
  'no-contact',
  'other',
] as const;

export const caseOutcomeRecordedSchema = z.strictObject({
  outcome: z.enum(CASE_OUTCOMES),
  summary: text(REASON_MAX),
});

export const TRANSFER_METHODS = ['bars', 'itk', 'warm-transfer', 'phone', 'secure-email', 'other'] as const;

export const caseTransferredSchema = z.strictObject({
  /** The receiving service: an ODS code or a directory service id. */
  toService: id(),
  toServiceName: text(SHORT_TEXT_MAX).optional(),
  reason: text(REASON_MAX),
  method: z.enum(TRANSFER_METHODS),
});

export const caseClosedSchema = z.strictObject({
  reason: text(REASON_MAX),
});

export const caseReopenedSchema = z.strictObject({
  reason: text(REASON_MAX),
});

export const repeatCallerFlaggedSchema = z.strictObject({
  priorCaseIds: z
    .array(z.uuid({ error: 'must be a UUID' }))
    .min(1, 'name at least one prior case')
    .max(100),
  windowHours: z.number().positive().max(REPEAT_WINDOW_MAX_HOURS),
});

/** Every event type of the `case` stream and the schema of its data. */
export const CASE_EVENT_SCHEMAS = {
  CaseOpened: caseOpenedSchema,
  PatientIdentified: patientIdentifiedSchema,
  PresentingComplaintRecorded: presentingComplaintRecordedSchema,
  DispositionReached: dispositionReachedSchema,
  DispositionOverridden: dispositionOverriddenSchema,
  CaseQueued: caseQueuedSchema,
  CaseAssigned: caseAssignedSchema,
  CaseReleased: caseReleasedSchema,
  ConsultationNoteAdded: consultationNoteAddedSchema,
  CallBackAttempted: callBackAttemptedSchema,
  CaseOutcomeRecorded: caseOutcomeRecordedSchema,
  CaseTransferred: caseTransferredSchema,
  CaseClosed: caseClosedSchema,
  CaseReopened: caseReopenedSchema,
  RepeatCallerFlagged: repeatCallerFlaggedSchema,
  ObservationsRecorded: observationsRecordedSchema,
} as const;
