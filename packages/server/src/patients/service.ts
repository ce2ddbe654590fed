/**
 * Patient commands and reads. Every command follows one path:
 *   read the patient's stream (the log, not the index) -> check the user's relationship ->
 *   fold it (core foldPatient) -> plan one event -> parse it and apply it to the state (core) ->
 *   append it with the stream version it was checked on.
 *
 * Constraints that shaped it:
 * 1) A full record is shown (or changed) only with a legitimate relationship: an open case at the
 *    user's organisation, or a break-glass grant in force. Registering is the exception: the
 *    person registering typed the details themselves.
 * 2) Two people editing at once cannot both succeed on a stale view: the append carries the
 *    version the change was checked on (E_STREAM_VERSION_CONFLICT for the loser), and a
 *    demographics change must name the version the user saw.
 * 3) Retries are safe: ids (patient, event, note) are the client's. A registration retried with
 *    the same content is answered from the log; any other command whose event id is already in
 *    the stream is answered with the record as it stands, and nothing is written again.
 * 4) Nothing is half-written: an invalid NHS number or an impossible date of birth is refused
 *    before anything is written, and one command is one append (one transaction). Two records
 *    can never share an NHS number in one organisation: the command says so first, and the
 *    index's unique constraint fails the append whole if two registrations race.
 */
import {
  activeSpecialNotes,
  applyDemographicsChanges,
  applyPatientEvent,
  canonicalJson,
  type Demographics,
  type DemographicsChanges,
  ensureCoherentDemographics,
  ensureSpecialNoteCanBeAdded,
  ensureSpecialNoteCanBeEnded,
  foldPatient,
  isUuid,
  isUuidV7,
  type JsonObject,
  LanternError,
  PATIENT_STREAM,
  type PatientEventType,
  type PatientState,
  parseDemographics,
  parseDemographicsChanges,
  parsePatientEvent,
  type SpecialNote,
  type SpecialNoteKind,
  ukToday,
} from '@lantern/core';
import type { EventStore } from '../eventlog/eventStore.js';
import type { Tx } from '../eventlog/projections.js';
import type { Database } from '../storage/database.js';
import { withTenant } from '../tenancy/withTenant.js';
import { notFound } from './breakGlass.js';
import { ensureLegitimateRelationship, type Relationship } from './legitimateRelationship.js';
import { getPatientRecord, patientIdByNhsNumber, readPatientEvents } from './patientStore.js';
import { recordOf } from './projection.js';

export interface Actor {
  userId: string;
  orgId: string;
}

/** The record as a screen shows it: the notes in force are listed apart, so none is missed. */
export type PatientView = PatientState & { activeSpecialNotes: SpecialNote[] };

export interface CommandInput {
  eventId: string;
  expectedVersion?: number;
}

interface PlannedEvent {
  type: PatientEventType;
  data: JsonObject;
}

export class PatientService {
  constructor(
    private readonly database: Database,
    private readonly eventStore: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Registers a patient under a client-made id; a retry with the same ids and content is a no-op. */
  async register(
    me: Actor,
    input: { patientId: string; eventId: string; demographics: unknown },
  ): Promise<{ patient: PatientView; created: boolean }> {
    ensureIds(input.patientId, input.eventId);
    const demographics = parseDemographics(input.demographics, ukToday(this.now()), 'demographics.');
    await withTenant(this.database, me.orgId, (tx) =>
      ensureNhsNumberFree(tx, me.orgId, input.patientId, demographics.nhsNumber),
    );
    const event = checked(null, input.patientId, me.userId, {
      type: 'PatientRegistered',
      data: { demographics } as unknown as JsonObject,
    });
    let duplicate = false;
    try {
      const [appended] = await this.eventStore.append(
        me.orgId,
        { type: PATIENT_STREAM, id: input.patientId },
        0,
        [{ id: input.eventId, type: event.type, data: event.data, actor: me.userId }],
      );
      duplicate = appended?.duplicate ?? false;
    } catch (err) {
      if (err instanceof LanternError && err.code === 'E_STREAM_VERSION_CONFLICT') {
        throw new LanternError('E_STREAM_CONFLICT', 'A patient with this id is already registered', [
          { path: 'id', message: 'already used; register a new patient with a new id' },
        ]);
      }
      throw translateUniqueNhsNumber(err);
    }
    return { patient: await this.current(me, input.patientId), created: !duplicate };
  }

  /** Changes demographics, merge-patch style, against the version the user saw. */
  async updateDemographics(
    me: Actor,
    patientId: string,
    input: CommandInput & { expectedVersion: number; changes: unknown },
  ): Promise<PatientView> {
    const changes = parseDemographicsChanges(input.changes, ukToday(this.now()), 'changes.');
    return this.execute(me, patientId, input, async (tx, state) => {
      const effective = onlyChanged(state.demographics, changes);
      if (Object.keys(effective).length === 0) return null;
      ensureCoherentDemographics(applyDemographicsChanges(state.demographics, effective), 'changes.');
      if (typeof effective.nhsNumber === 'string')
        await ensureNhsNumberFree(tx, me.orgId, patientId, effective.nhsNumber);
      return { type: 'DemographicsUpdated', data: { changes: effective } as unknown as JsonObject };
    });
  }

  async addSpecialNote(
    me: Actor,
    patientId: string,
    input: CommandInput & { noteId: string; kind: SpecialNoteKind; text: string },
  ): Promise<PatientView> {
    if (!isUuid(input.noteId)) {
      throw new LanternError('E_VALIDATION', 'A note id is a UUID made by the client', [
        { path: 'body.noteId', message: 'must be a UUID' },
      ]);
    }
    return this.execute(me, patientId, input, async (_tx, state) => {
      ensureSpecialNoteCanBeAdded(state, input.noteId);
      return { type: 'SpecialNoteAdded', data: { noteId: input.noteId, kind: input.kind, text: input.text } };
    });
  }

  async endSpecialNote(
    me: Actor,
    patientId: string,
    noteId: string,
    input: CommandInput & { reason: string },
  ): Promise<PatientView> {
    return this.execute(me, patientId, input, async (_tx, state) => {
      ensureSpecialNoteCanBeEnded(state, noteId);
      return { type: 'SpecialNoteEnded', data: { noteId, reason: input.reason } };
    });
  }

  /** The full record, for a user with a legitimate relationship (or a break-glass grant). */
  async read(me: Actor, patientId: string): Promise<{ patient: PatientView; access: Relationship }> {
    return withTenant(this.database, me.orgId, async (tx) => {
      const state = await getPatientRecord(tx, me.orgId, patientId);
      if (!state) throw notFound();
      const access = await ensureLegitimateRelationship(tx, { ...me, patientId, now: this.now() });
      return { patient: view(state), access };
    });
  }

  private async current(me: Actor, patientId: string): Promise<PatientView> {
    const state = await withTenant(this.database, me.orgId, (tx) =>
      getPatientRecord(tx, me.orgId, patientId),
    );
    if (!state) throw notFound();
    return view(state);
  }

  private async execute(
    me: Actor,
    patientId: string,
    input: CommandInput,
    plan: (tx: Tx, state: PatientState) => Promise<PlannedEvent | null>,
  ): Promise<PatientView> {
    ensureIds(patientId, input.eventId);
    const planned = await withTenant(this.database, me.orgId, async (tx) => {
      const events = await readPatientEvents(tx, me.orgId, patientId);
      if (events.length === 0) throw notFound();
      await ensureLegitimateRelationship(tx, { ...me, patientId, now: this.now() });
      const state = foldPatient(events.map(recordOf));
      const retried = events.find((e) => e.id === input.eventId);
      if (retried) {
        if (retried.actor !== me.userId) {
          throw new LanternError('E_EVENT_ID_CONFLICT', 'This event id is already used for another entry', [
            { path: 'body.eventId', message: 'already recorded by someone else; make a new id' },
          ]);
        }
        return { state, event: null };
      }
      if (input.expectedVersion !== undefined && input.expectedVersion !== state.version) {
        throw new LanternError(
          'E_STREAM_VERSION_CONFLICT',
          `The record is at version ${state.version}, not ${input.expectedVersion}: reload it and try again`,
          [
            {
              path: 'body.expectedVersion',
              message: `expected ${input.expectedVersion}, current ${state.version}`,
            },
          ],
        );
      }
      const event = await plan(tx, state);
      return { state, event: event && checked(state, patientId, me.userId, event) };
    });
    if (!planned.event) return view(planned.state);
    try {
      await this.eventStore.append(me.orgId, { type: PATIENT_STREAM, id: patientId }, planned.state.version, [
        { id: input.eventId, type: planned.event.type, data: planned.event.data, actor: me.userId },
      ]);
    } catch (err) {
      throw translateUniqueNhsNumber(err);
    }
    return this.current(me, patientId);
  }
}

export function view(state: PatientState): PatientView {
  return { ...state, activeSpecialNotes: activeSpecialNotes(state) };
}

function ensureIds(patientId: string, eventId: string): void {
  if (!isUuid(patientId)) throw notFound();
  if (!isUuidV7(eventId)) {
    throw new LanternError('E_VALIDATION', 'An event id is a UUIDv7 made by the client', [
      { path: 'body.eventId', message: 'must be a UUIDv7' },
    ]);
  }
}

/** Parses the event and applies it to the state: it must read back without a new problem. */
function checked(
  state: PatientState | null,
  patientId: string,
  actor: string,
  e: PlannedEvent,
): PlannedEvent {
  const parsed = parsePatientEvent(e.type, e.data);
  const record = {
    type: parsed.type,
    data: parsed.data,
    occurredAt: new Date(0).toISOString(),
    actor,
    streamId: patientId,
  };
  const next = applyPatientEvent(state, record);
  const fresh = next.problems.slice(state?.problems.length ?? 0);
  if (fresh.length > 0) throw new LanternError('E_INVALID_TRANSITION', fresh[0]?.message);
  return { type: parsed.type, data: parsed.data as unknown as JsonObject };
}

/** Only the fields whose value would change (a no-op field is not news in the log). */
function onlyChanged(current: Demographics, changes: DemographicsChanges): DemographicsChanges {
  const out: Record<string, unknown> = {};
  const now = current as Record<string, unknown>;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const before = now[key] === undefined ? null : now[key];
    if (canonicalJson(before as JsonObject) !== canonicalJson(value as JsonObject)) out[key] = value;
  }
  return out as DemographicsChanges;
}

async function ensureNhsNumberFree(tx: Tx, orgId: string, patientId: string, nhsNumber: string | undefined) {
  if (nhsNumber === undefined) return;
  const holder = await patientIdByNhsNumber(tx, orgId, nhsNumber);
  if (holder !== null && holder !== patientId) throw nhsNumberTaken(holder);
}

function nhsNumberTaken(holder?: string): LanternError {
  return new LanternError(
    'E_INVALID_TRANSITION',
    'This NHS number is already registered to another patient in your organisation: find them by NHS number instead',
    [
      {
        path: 'demographics.nhsNumber',
        message: holder ? `registered to patient ${holder}` : 'already registered',
      },
    ],
  );
}

/** The index's unique NHS number constraint, met when two registrations race. */
function translateUniqueNhsNumber(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (
    e?.code === '23505' &&
    (e.constraint === 'patients_nhs_number' || e.message?.includes('patients_nhs_number'))
  )
    return nhsNumberTaken();
  return err;
}
