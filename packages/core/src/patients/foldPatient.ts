/**
 * The patient reducer: folds a patient's events, in stream order, into the record a screen shows.
 * The same code runs in the server's patient index and in an offline console.
 *
 * Constraints that shaped it (as for cases):
 * 1) Deterministic: the record depends only on the events, so browser and server agree and the
 *    index can be rebuilt from the log.
 * 2) The log cannot be edited, so an entry that cannot be read is listed in `problems` and the
 *    rest of the record is shown. Only the registration is essential (it is the identity).
 * 3) Write rules (`ensureSpecialNoteCanBeAdded`, `ensureSpecialNoteCanBeEnded`) are enforced when
 *    events are written; the fold records what happened and says so in `problems` if an entry
 *    breaks them (a merge after an outage), never silently dropping a safeguarding note.
 * 4) An event of another stream is never mixed in: the wrong patient's record is a classic harm.
 */
import { LanternError } from '../errors/catalogue.js';
import {
  applyDemographicsChanges,
  type Demographics,
  SPECIAL_NOTE_LABELS,
  type SpecialNoteKind,
} from './demographics.js';
import { isPatientEventType, type PatientEvent, parsePatientEvent } from './patientEvents.js';

export interface SpecialNote {
  readonly id: string;
  readonly kind: SpecialNoteKind;
  readonly label: string;
  readonly text: string;
  readonly addedAt: string;
  readonly addedBy: string | null;
  /** Null while the note is in force. */
  readonly ended: { readonly at: string; readonly by: string | null; readonly reason: string } | null;
}

export interface PatientProblem {
  readonly eventId: string | null;
  readonly type: string;
  readonly at: string;
  readonly message: string;
}

export interface PatientState {
  readonly patientId: string;
  /** The stream version this state reflects (the number of events folded). */
  readonly version: number;
  readonly demographics: Demographics;
  /** Every note, oldest first, ended ones included (the history matters for safeguarding). */
  readonly specialNotes: readonly SpecialNote[];
  readonly registeredAt: string;
  readonly registeredBy: string | null;
  readonly updatedAt: string;
  readonly problems: readonly PatientProblem[];
}

/** A patient event as the log holds it (`StoredEvent`) or as a console holds it before sending. */
export interface PatientEventRecord {
  readonly id?: string;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly actor?: string | null;
  readonly streamId?: string;
}

export function foldPatient(
  events: readonly PatientEventRecord[],
  options: { patientId?: string } = {},
): PatientState {
  const seen = new Set<string>();
  let state: PatientState | null = null;
  for (const event of events) {
    if (event.id !== undefined) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
    }
    state = applyPatientEvent(state, event, options);
  }
  if (state === null) throw new LanternError('E_NOT_FOUND', 'There are no events for this patient');
  return state;
}

/** One step of the fold, for a projection that applies events as they are appended. */
export function applyPatientEvent(
  state: PatientState | null,
  record: PatientEventRecord,
  options: { patientId?: string } = {},
): PatientState {
  if (state === null) return register(record, options);
  const eventId = record.id ?? null;
  const at = record.occurredAt;
  const by = record.actor ?? null;
  const counted: PatientState = { ...state, version: state.version + 1 };
  const problem = (message: string): PatientState => ({
    ...counted,
    problems: [...state.problems, { eventId, type: record.type, at, message }],
  });
  if (record.streamId !== undefined && record.streamId !== state.patientId) {
    return problem(`This entry belongs to another patient (${record.streamId}) and is not used here`);
  }
  if (!isPatientEventType(record.type)) {
    return problem(
      `This version of Lantern does not know "${record.type}" entries; it is not reflected here`,
    );
  }
  let event: PatientEvent;
  try {
    event = parsePatientEvent(record.type, record.data);
  } catch (err) {
    return problem(err instanceof Error ? err.message : String(err));
  }
  const next = { ...counted, updatedAt: at };
  switch (event.type) {
    case 'PatientRegistered':
      return problem('The patient is already registered; this second registration is not used');
    case 'DemographicsUpdated':
      return { ...next, demographics: applyDemographicsChanges(state.demographics, event.data.changes) };
    case 'SpecialNoteAdded': {
      if (state.specialNotes.some((n) => n.id === event.data.noteId)) {
        return problem(`A note with id ${event.data.noteId} already exists; this one is not used`);
      }
      const note: SpecialNote = {
        id: event.data.noteId,
        kind: event.data.kind,
        label: SPECIAL_NOTE_LABELS[event.data.kind],
        text: event.data.text,
        addedAt: at,
        addedBy: by,
        ended: null,
      };
      return { ...next, specialNotes: [...state.specialNotes, note] };
    }
    case 'SpecialNoteEnded': {
      const target = state.specialNotes.find((n) => n.id === event.data.noteId);
      if (!target) return problem(`No note ${event.data.noteId} to end`);
      if (target.ended) return problem(`Note ${event.data.noteId} had already ended`);
      const ended = { at, by, reason: event.data.reason };
      return {
        ...next,
        specialNotes: state.specialNotes.map((n) => (n.id === target.id ? { ...n, ended } : n)),
      };
    }
  }
}

function register(record: PatientEventRecord, options: { patientId?: string }): PatientState {
  if (record.type !== 'PatientRegistered') {
    throw new LanternError(
      'E_EVENT_INVALID',
      `A patient record begins with PatientRegistered; this one begins with ${record.type}`,
    );
  }
  const patientId = record.streamId ?? options.patientId;
  if (patientId === undefined) {
    throw new LanternError('E_EVENT_INVALID', 'The patient id is not known (no streamId or patientId)');
  }
  const event = parsePatientEvent(record.type, record.data);
  if (event.type !== 'PatientRegistered') throw new LanternError('E_INTERNAL');
  return {
    patientId,
    version: 1,
    demographics: event.data.demographics,
    specialNotes: [],
    registeredAt: record.occurredAt,
    registeredBy: record.actor ?? null,
    updatedAt: record.occurredAt,
    problems: [],
  };
}

/** The notes in force, the ones every screen showing this patient must show. */
export function activeSpecialNotes(state: Pick<PatientState, 'specialNotes'>): SpecialNote[] {
  return state.specialNotes.filter((n) => n.ended === null);
}

/** Throws unless a note with this id can be added (ids are never reused). */
export function ensureSpecialNoteCanBeAdded(state: PatientState, noteId: string): void {
  if (state.specialNotes.some((n) => n.id === noteId)) {
    throw new LanternError('E_INVALID_TRANSITION', 'This patient already has a note with this id', [
      { path: 'noteId', message: 'already used' },
    ]);
  }
}

/** Throws unless the note exists and is still in force. */
export function ensureSpecialNoteCanBeEnded(state: PatientState, noteId: string): SpecialNote {
  const note = state.specialNotes.find((n) => n.id === noteId);
  if (!note) throw new LanternError('E_NOT_FOUND', 'This patient has no such note');
  if (note.ended) {
    throw new LanternError('E_INVALID_TRANSITION', `This note ended at ${note.ended.at}`, [
      { path: 'noteId', message: 'already ended' },
    ]);
  }
  return note;
}
