/**
 * The case commands as data: for each, its address, the permission it needs (core's matrix),
 * its body, and the events it plans. Who acts is never taken from the body: the author of a note,
 * the clinician who takes a case or overrides a disposition is the signed-in user.
 * Deep validation (phone numbers, postcodes, NHS numbers, lengths) is core's parseCaseEvent; the
 * JSON schemas here fix the shape so that a misspelt field is refused at the edge.
 */
import {
  buildObservationsRecorded,
  CALL_BACK_OUTCOMES,
  CASE_OUTCOMES,
  type CaseDisposition,
  type CaseState,
  CONSCIOUSNESS_LEVELS,
  type Disposition,
  ensureTransition,
  getDisposition,
  LanternError,
  NOTE_KINDS,
  OBSERVATION_SOURCES,
  PATIENT_SEXES,
  type Permission,
  TRANSFER_METHODS,
} from '@lantern/core';
import { checkDateOfBirth } from './dateOfBirth.js';
import type { PlannedEvent } from './service.js';

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const TEXT = text(2000);

/** Fields every command accepts: its event id (for retries), the version seen, when it happened. */
export const COMMON_FIELDS = {
  eventId: {
    type: 'string',
    pattern: UUID_PATTERN,
    description: 'UUIDv7 made by the client; a retry reuses it',
  },
  expectedVersion: {
    type: 'integer',
    minimum: 0,
    description: 'The case version the user saw; refused with 409 if the case has moved on',
  },
  occurredAt: {
    type: 'string',
    maxLength: 40,
    description: 'When it happened (offline consoles); default now',
  },
} as const;

export interface CommandContext {
  state: CaseState;
  body: Record<string, unknown>;
  userId: string;
  at: string;
}

export interface CaseCommand {
  path: string;
  permission: Permission;
  summary: string;
  action: string;
  properties: Record<string, unknown>;
  required?: string[];
  plan(ctx: CommandContext): PlannedEvent[];
}

/** Takes the command's own fields, leaving out the common ones. */
function own(body: Record<string, unknown>): Record<string, unknown> {
  const { eventId: _e, expectedVersion: _v, occurredAt: _o, ...rest } = body;
  return rest;
}

export const demographicsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    givenName: text(200),
    familyName: text(200),
    dateOfBirth: { type: 'string', maxLength: 10 },
    sex: { type: 'string', enum: [...PATIENT_SEXES] },
    gpPracticeOds: text(20),
    gpPracticeName: text(200),
  },
};

export const CASE_COMMANDS: CaseCommand[] = [
  {
    path: 'patient',
    permission: 'case:update',
    summary: 'Identify the patient (a snapshot of the patient record; PDS-verified or not)',
    action: 'case.identify-patient',
    properties: {
      patientId: { type: 'string', pattern: UUID_PATTERN },
      nhsNumber: { type: 'string', maxLength: 20 },
      verified: { type: 'boolean' },
      demographics: demographicsSchema,
    },
    required: ['patientId', 'verified', 'demographics'],
    plan: ({ body, at }) => {
      const demographics = body.demographics as { dateOfBirth?: string };
      if (demographics.dateOfBirth !== undefined)
        checkDateOfBirth(demographics.dateOfBirth, at, 'demographics.dateOfBirth');
      return [{ type: 'PatientIdentified', data: own(body) }];
    },
  },
  {
    path: 'presenting-complaint',
    permission: 'case:update',
    summary: 'Record the presenting complaint in the caller’s words',
    action: 'case.presenting-complaint',
    properties: { text: TEXT },
    required: ['text'],
    plan: ({ body }) => [{ type: 'PresentingComplaintRecorded', data: own(body) }],
  },
  {
    path: 'queue',
    permission: 'case:update',
    summary: 'Put the case in a queue (default: its disposition’s skillset, priority from its timeframe)',
    action: 'case.queue',
    properties: { queue: text(200), priority: { type: 'integer', minimum: 1, maximum: 5 } },
    plan: ({ state, body }) => {
      const d = state.disposition;
      return [
        {
          type: 'CaseQueued',
          data: {
            queue: body.queue ?? d?.skillset ?? 'unqueued',
            priority: body.priority ?? defaultPriority(d),
          },
        },
      ];
    },
  },
  {
    path: 'take',
    permission: 'case:assign',
    summary: 'Take the case from its queue (assign it to me); two clinicians can never both hold it',
    action: 'case.take',
    properties: {},
    plan: ({ userId }) => [{ type: 'CaseAssigned', data: { clinicianId: userId } }],
  },
  {
    path: 'release',
    permission: 'case:assign',
    summary: 'Release the case back to its queue (a colleague’s case needs a reason)',
    action: 'case.release',
    properties: { reason: TEXT },
    plan: ({ state, body, userId }) => {
      const holder = state.assignedTo ?? userId;
      if (holder !== userId && body.reason === undefined) {
        throw new LanternError('E_VALIDATION', 'Releasing a colleague’s case needs a reason', [
          { path: 'reason', message: `the case is held by ${holder}; say why it is released` },
        ]);
      }
      return [{ type: 'CaseReleased', data: { clinicianId: holder, ...own(body) } }];
    },
  },
  {
    path: 'notes',
    permission: 'case:update',
    summary: 'Add a consultation, handover or safeguarding note',
    action: 'case.note',
    properties: {
      text: text(20_000),
      kind: { type: 'string', enum: [...NOTE_KINDS], default: 'consultation' },
    },
    required: ['text'],
    plan: ({ body, userId }) => [{ type: 'ConsultationNoteAdded', data: { ...own(body), authorId: userId } }],
  },
  {
    path: 'call-backs',
    permission: 'case:update',
    summary: 'Record a call-back attempt (number defaults to the caller’s call-back number)',
    action: 'case.call-back',
    properties: {
      outcome: { type: 'string', enum: [...CALL_BACK_OUTCOMES] },
      number: text(40),
      at: { type: 'string', maxLength: 40 },
    },
    required: ['outcome'],
    plan: ({ state, body, at }) => [
      {
        type: 'CallBackAttempted',
        data: { number: state.caller.callBackNumber, at, ...own(body) },
      },
    ],
  },
  {
    path: 'observations',
    permission: 'case:update',
    summary: 'Record observations; the server scores them with NEWS2 (the score is never typed)',
    action: 'case.observations',
    properties: {
      observations: {
        type: 'object',
        additionalProperties: false,
        required: [
          'respiratoryRate',
          'oxygenSaturation',
          'spo2Scale',
          'supplementalOxygen',
          'systolicBloodPressure',
          'pulseRate',
          'consciousness',
          'temperature',
        ],
        properties: {
          respiratoryRate: { type: 'number', description: 'breaths per minute' },
          oxygenSaturation: { type: 'number', description: '%' },
          spo2Scale: { type: 'integer', enum: [1, 2] },
          supplementalOxygen: { type: 'boolean' },
          systolicBloodPressure: { type: 'number', description: 'mmHg' },
          pulseRate: { type: 'number', description: 'beats per minute' },
          consciousness: { type: 'string', enum: [...CONSCIOUSNESS_LEVELS] },
          temperature: { type: 'number', description: '°C' },
        },
      },
      takenAt: { type: 'string', maxLength: 40, description: 'When the readings were taken; default now' },
      source: { type: 'string', enum: [...OBSERVATION_SOURCES], default: 'clinician' },
    },
    required: ['observations'],
    plan: ({ body, at }) => [
      {
        type: 'ObservationsRecorded',
        data: buildObservationsRecorded({
          observations: body.observations,
          takenAt: (body.takenAt as string | undefined) ?? at,
          source: body.source ?? 'clinician',
        }),
      },
    ],
  },
  {
    path: 'outcome',
    permission: 'case:update',
    summary: 'Record what happened for the patient (needed before closing)',
    action: 'case.outcome',
    properties: { outcome: { type: 'string', enum: [...CASE_OUTCOMES] }, summary: TEXT },
    required: ['outcome', 'summary'],
    plan: ({ body }) => [{ type: 'CaseOutcomeRecorded', data: own(body) }],
  },
  {
    path: 'transfer',
    permission: 'case:update',
    summary: 'Transfer the case to another service (closes it)',
    action: 'case.transfer',
    properties: {
      toService: text(200),
      toServiceName: text(200),
      reason: TEXT,
      method: { type: 'string', enum: [...TRANSFER_METHODS] },
    },
    required: ['toService', 'reason', 'method'],
    plan: ({ body }) => [{ type: 'CaseTransferred', data: own(body) }],
  },
  {
    path: 'close',
    permission: 'case:update',
    summary: 'Close the case (an outcome must be recorded first)',
    action: 'case.close',
    properties: { reason: TEXT },
    required: ['reason'],
    plan: ({ body }) => [{ type: 'CaseClosed', data: own(body) }],
  },
  {
    path: 'reopen',
    permission: 'case:update',
    summary: 'Reopen a closed or transferred case, with the reason',
    action: 'case.reopen',
    properties: { reason: TEXT },
    required: ['reason'],
    plan: ({ body }) => [{ type: 'CaseReopened', data: own(body) }],
  },
  {
    path: 'disposition-override',
    permission: 'disposition:override',
    summary: 'A clinician changes the disposition (reason required); the breach time follows',
    action: 'case.disposition-override',
    properties: {
      code: text(40),
      reason: TEXT,
      from: { ...text(40), description: 'The disposition being overridden, as the clinician saw it' },
    },
    required: ['code', 'reason'],
    plan: ({ state, body, userId }) => {
      ensureTransition(state, 'DispositionOverridden');
      const to = getDisposition(body.code as string, 'code');
      const from = (body.from as string | undefined) ?? (state.disposition as CaseDisposition).code;
      return [
        {
          type: 'DispositionOverridden',
          data: { from, to: dispositionSnapshot(to), reason: body.reason, clinicianId: userId },
        },
      ];
    },
  },
];

/** What the case keeps of a catalogue disposition. */
export function dispositionSnapshot(d: Disposition) {
  return {
    code: d.code,
    label: d.label,
    timeframeMinutes: d.timeframeMinutes,
    skillset: d.skillset,
    ...(d.ambulanceCategory ? { ambulanceCategory: d.ambulanceCategory } : {}),
  };
}

/**
 * A queue priority from the disposition when the user gives none: ambulance categories first,
 * then by timeframe. It only breaks ties between equal breach times; the breach time leads.
 */
export function defaultPriority(
  d: Pick<CaseDisposition, 'timeframeMinutes' | 'ambulanceCategory'> | null,
): number {
  if (d === null) return 3;
  if (d.ambulanceCategory === 'C1' || d.ambulanceCategory === 'C2') return 1;
  if (d.ambulanceCategory === 'C3') return 2;
  if (d.ambulanceCategory === 'C4') return 3;
  const t = d.timeframeMinutes;
  if (t === null) return 5;
  if (t <= 30) return 1;
  if (t <= 120) return 2;
  if (t <= 360) return 3;
  if (t <= 24 * 60) return 4;
  return 5;
}
