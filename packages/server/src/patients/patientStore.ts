/**
 * The SQL of the patient capability: a patient's stream, their index row, lookups by NHS number
 * and the candidate rows a trace ranks. Every function takes a tenant transaction (`withTenant`)
 * and filters by organisation as well, so row-level security and the query both keep
 * organisations apart.
 */
import {
  isCalendarDate,
  type MatchCandidate,
  nameKey,
  PATIENT_STREAM,
  type PatientState,
  type StoredEvent,
  soundex,
} from '@lantern/core';
import { sql } from 'kysely';
import type { Tx } from '../eventlog/projections.js';
import { rowToEvent } from '../eventlog/rows.js';
import './tables.js';

/** Candidate rows fetched for one trace before ranking; far above any real name + date clash. */
const MAX_CANDIDATES = 1000;

/** A patient's events in stream order (empty when the organisation has no such patient). */
export async function readPatientEvents(tx: Tx, orgId: string, patientId: string): Promise<StoredEvent[]> {
  const rows = await tx
    .selectFrom('events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('stream_id', '=', patientId)
    .where('stream_type', '=', PATIENT_STREAM)
    .orderBy('stream_version')
    .execute();
  return rows.map(rowToEvent);
}

/** The indexed record, as the patient screen shows it. */
export async function getPatientRecord(
  tx: Tx,
  orgId: string,
  patientId: string,
): Promise<PatientState | null> {
  const row = await tx
    .selectFrom('patients')
    .select('record')
    .where('org_id', '=', orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  return row ? (row.record as PatientState) : null;
}

/** Whether the organisation has this patient (cheaper than the record, for access checks). */
export async function patientExists(tx: Tx, orgId: string, patientId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  return row !== undefined;
}

/** What a case may claim about a patient's identity: the NHS number on record and whether PDS verified it. */
export interface IndexedIdentity {
  readonly nhsNumber: string | null;
  readonly nhsNumberVerified: boolean;
}

/** The patient's identity as the organisation's index holds it; null when there is no such patient. */
export async function getIndexedIdentity(
  tx: Tx,
  orgId: string,
  patientId: string,
): Promise<IndexedIdentity | null> {
  const row = await tx
    .selectFrom('patients')
    .select([
      'nhs_number',
      sql<boolean | null>`(record->'demographics'->>'nhsNumberVerified')::boolean`.as('verified'),
    ])
    .where('org_id', '=', orgId)
    .where('id', '=', patientId)
    .executeTakeFirst();
  return row ? { nhsNumber: row.nhs_number, nhsNumberVerified: row.verified === true } : null;
}

/** The id of the organisation's patient holding this NHS number, if any. */
export async function patientIdByNhsNumber(tx: Tx, orgId: string, nhsNumber: string): Promise<string | null> {
  const row = await tx
    .selectFrom('patients')
    .select('id')
    .where('org_id', '=', orgId)
    .where('nhs_number', '=', nhsNumber)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface IndexedCandidate extends MatchCandidate {
  readonly prefix: string | null;
  readonly specialNoteCount: number;
}

export interface CandidateQuery {
  nhsNumber?: string;
  family?: string;
  given?: string;
  birthDate?: string;
  postcode?: string;
}

/**
 * Rows that could match: by NHS number alone, or by any of family name (spelling or sound),
 * date of birth or postcode, each an index path; core's matchPatients ranks them exactly.
 * A common surname can match tens of thousands of rows, so the fetch is ordered by a rough
 * relevance first (family + date of birth, then sound-alike, given name, swapped day and month,
 * postcode) and capped: the right person is never cut off behind thousands of other Smiths.
 */
export async function findCandidates(tx: Tx, orgId: string, q: CandidateQuery): Promise<IndexedCandidate[]> {
  let query = tx
    .selectFrom('patients')
    .select([
      'id',
      'nhs_number',
      'postcode',
      'special_note_count',
      sql<string>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date_text'),
      sql<{ prefix?: string; given: string[]; family: string }>`record->'demographics'->'name'`.as('name'),
    ])
    .where('org_id', '=', orgId);
  if (q.nhsNumber !== undefined) {
    query = query.where('nhs_number', '=', q.nhsNumber).orderBy('id');
  } else {
    const family = q.family !== undefined ? nameKey(q.family) : '';
    const sx = family !== '' ? soundex(family) : '';
    const swapped = swapDayAndMonth(q.birthDate);
    const given =
      q.given !== undefined
        ? `${q.given
            .trim()
            .toLowerCase()
            .replace(/[\\%_]/g, '\\$&')}%`
        : null;
    query = query
      .where((eb) =>
        eb.or([
          ...(family !== '' ? [eb('family_key', '=', family), eb('family_soundex', '=', sx)] : []),
          ...(q.birthDate !== undefined ? [eb('birth_date', '=', q.birthDate)] : []),
          ...(q.postcode !== undefined ? [eb('postcode', '=', q.postcode)] : []),
        ]),
      )
      .orderBy(
        sql`coalesce(family_key = ${family}, false)::int * 8
          + coalesce(birth_date = ${q.birthDate ?? null}::date, false)::int * 6
          + coalesce(family_soundex = ${sx}, false)::int * 4
          + coalesce(lower(given) LIKE ${given}, false)::int * 2
          + coalesce(birth_date = ${swapped}::date, false)::int * 2
          + coalesce(postcode = ${q.postcode ?? null}, false)::int`,
        'desc',
      )
      .orderBy('id');
  }
  const rows = await query.limit(MAX_CANDIDATES).execute();
  return rows.map((r) => ({
    id: r.id,
    nhsNumber: r.nhs_number,
    family: r.name.family,
    given: r.name.given,
    prefix: r.name.prefix ?? null,
    birthDate: r.birth_date_text,
    postcode: r.postcode,
    specialNoteCount: r.special_note_count,
  }));
}

/** 1980-04-12 -> 1980-12-04 when that is a real day (a date said the American way round). */
function swapDayAndMonth(date: string | undefined): string | null {
  const m = date === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || m[2] === m[3]) return null;
  const swapped = `${m[1]}-${m[3]}-${m[2]}`;
  return isCalendarDate(swapped) ? swapped : null;
}
