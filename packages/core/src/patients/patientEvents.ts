/**
 * The `patient` stream's event catalogue and its one door from untrusted data, `parsePatientEvent`.
 * Who did something and when are the event's `actor` and `occurredAt`; the data holds the fact.
 * A merge of duplicate records is not modelled yet (see docs/patients/README.md).
 */
import { z } from 'zod';
import { LanternError } from '../errors/catalogue.js';
import {
  demographicsChangesSchema,
  demographicsSchema,
  SPECIAL_NOTE_KINDS,
  SPECIAL_NOTE_MAX,
  zodIssueDetails,
} from './demographics.js';

export const PATIENT_STREAM = 'patient';

const REASON_MAX = 2000;
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`);

export const patientRegisteredSchema = z.strictObject({ demographics: demographicsSchema });

export const demographicsUpdatedSchema = z.strictObject({ changes: demographicsChangesSchema });

export const specialNoteAddedSchema = z.strictObject({
  /** Made by the writer, so a retried request cannot add the note twice. */
  noteId: z.uuid({ error: 'must be a UUID' }),
  kind: z.enum(SPECIAL_NOTE_KINDS),
  text: text(SPECIAL_NOTE_MAX),
});

export const specialNoteEndedSchema = z.strictObject({
  noteId: z.uuid({ error: 'must be a UUID' }),
  reason: text(REASON_MAX),
});

export const PATIENT_EVENT_SCHEMAS = {
  PatientRegistered: patientRegisteredSchema,
  DemographicsUpdated: demographicsUpdatedSchema,
  SpecialNoteAdded: specialNoteAddedSchema,
  SpecialNoteEnded: specialNoteEndedSchema,
} as const;

type Schemas = typeof PATIENT_EVENT_SCHEMAS;
export type PatientEventType = keyof Schemas;
export type PatientEventDataMap = { [K in PatientEventType]: z.output<Schemas[K]> };
export type PatientEvent = {
  [K in PatientEventType]: { type: K; data: PatientEventDataMap[K] };
}[PatientEventType];

export const PATIENT_EVENT_TYPES = Object.keys(PATIENT_EVENT_SCHEMAS) as PatientEventType[];

export function isPatientEventType(type: unknown): type is PatientEventType {
  return typeof type === 'string' && Object.hasOwn(PATIENT_EVENT_SCHEMAS, type);
}

/** Validates and normalises `data` for `type`; throws `E_VALIDATION` naming every field at fault. */
export function parsePatientEvent(type: string, data: unknown): PatientEvent {
  if (!isPatientEventType(type)) {
    const message = `"${type}" is not an event of a patient; expected one of ${PATIENT_EVENT_TYPES.join(', ')}`;
    throw new LanternError('E_VALIDATION', message, [{ path: 'type', message }]);
  }
  const result = PATIENT_EVENT_SCHEMAS[type].safeParse(data);
  if (!result.success) {
    throw new LanternError(
      'E_VALIDATION',
      `The ${type} event is not valid`,
      zodIssueDetails(result.error.issues),
    );
  }
  return { type, data: result.data } as PatientEvent;
}
