/**
 * The patient index: one row per patient, kept in step with the `patient` stream inside the
 * append transaction by core's own reducer (`applyPatientEvent`), the code a console runs offline.
 *
 * 1) The row holds the folded PatientState (`record`) and the columns the trace searches on.
 * 2) Events are applied onto the stored state when the row is exactly one version behind;
 *    otherwise (a projection added after events were written) the stream is folded again from
 *    the log, so a row never silently skips an event.
 * 3) A stream that does not begin with PatientRegistered has no patient to index; it is left
 *    out rather than failing the append (the command layer never writes one).
 * 4) The unique NHS number index is deliberately not caught here: an append that would give two
 *    records one NHS number fails whole, so the log never holds that state.
 */
import {
  activeSpecialNotes,
  applyPatientEvent,
  foldPatient,
  nameKey,
  PATIENT_STREAM,
  type PatientEventRecord,
  type PatientState,
  type StoredEvent,
  soundex,
} from '@lantern/core';
import type { Insertable } from 'kysely';
import type { Projection, Tx } from '../eventlog/projections.js';
import { readStreamUpTo } from '../eventlog/readEvents.js';
import type { PatientsTable } from './tables.js';

/** Rows per upsert statement: 18 columns x 500 stays far under PostgreSQL's parameter limit. */
const UPSERT_CHUNK = 500;

export const patientsProjection: Projection = {
  name: 'patient-index',
  version: 1,
  tables: ['patients'],
  streamTypes: [PATIENT_STREAM],
  async apply(tx, events) {
    const streams = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const list = streams.get(e.streamId);
      if (list) list.push(e);
      else streams.set(e.streamId, [e]);
    }
    const stored = await tx
      .selectFrom('patients')
      .select(['id', 'org_id', 'version', 'record'])
      .where('id', 'in', [...streams.keys()])
      .execute();
    const current = new Map(stored.map((r) => [r.id, r]));
    const rows: Insertable<PatientsTable>[] = [];
    for (const [id, list] of streams) {
      const first = list[0] as StoredEvent;
      const last = list[list.length - 1] as StoredEvent;
      const row = current.get(id);
      let state: PatientState | null;
      if (row && row.org_id === first.orgId && row.version === first.streamVersion - 1) {
        state = foldOnto(row.record as PatientState, list);
      } else if (!row && first.streamVersion === 1) {
        state = foldOnto(null, list);
      } else {
        state = await refold(tx, first.orgId, id, last.streamVersion);
      }
      if (state) rows.push(rowOf(first.orgId, state));
    }
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      await tx
        .insertInto('patients')
        .values(rows.slice(i, i + UPSERT_CHUNK))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const column of UPDATED_COLUMNS) set[column] = eb.ref(`excluded.${column}`);
            return set;
          }),
        )
        .execute();
    }
  },
};

const UPDATED_COLUMNS = [
  'nhs_number',
  'family',
  'given',
  'family_key',
  'family_soundex',
  'birth_date',
  'gender',
  'postcode',
  'gp_practice_ods',
  'special_notes',
  'special_note_count',
  'record',
  'version',
  'registered_at',
  'updated_at',
] as const satisfies readonly (keyof PatientsTable)[];

export function recordOf(e: StoredEvent): PatientEventRecord {
  return {
    id: e.id,
    type: e.type,
    data: e.data,
    occurredAt: e.occurredAt,
    actor: e.actor,
    streamId: e.streamId,
  };
}

function foldOnto(state: PatientState | null, events: readonly StoredEvent[]): PatientState | null {
  try {
    return events.reduce<PatientState | null>((s, e) => applyPatientEvent(s, recordOf(e)), state);
  } catch {
    return null;
  }
}

async function refold(tx: Tx, orgId: string, patientId: string, upTo: number): Promise<PatientState | null> {
  const events = await readStreamUpTo(tx, orgId, patientId, upTo);
  try {
    return foldPatient(events.map(recordOf));
  } catch {
    return null;
  }
}

/** The index row for a patient, from their folded state. */
export function rowOf(orgId: string, s: PatientState): Insertable<PatientsTable> {
  const d = s.demographics;
  const notes = activeSpecialNotes(s);
  return {
    org_id: orgId,
    id: s.patientId,
    nhs_number: d.nhsNumber ?? null,
    family: d.name.family,
    given: d.name.given.join(' '),
    family_key: nameKey(d.name.family),
    family_soundex: soundex(d.name.family),
    birth_date: d.birthDate,
    gender: d.gender,
    postcode: d.address?.postcode ?? null,
    gp_practice_ods: d.gpPracticeOds ?? null,
    special_notes: JSON.stringify(notes),
    special_note_count: notes.length,
    record: JSON.stringify(s),
    version: s.version,
    registered_at: s.registeredAt,
    updated_at: s.updatedAt,
  };
}
