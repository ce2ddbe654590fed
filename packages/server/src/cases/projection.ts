/**
 * The `cases` read model: one row per case, kept in step with the `case` stream inside the append
 * transaction (so a reader never sees an event without its row), by core's own reducer
 * (`applyCaseEvent`), the same code the console runs offline.
 *
 * 1) The row holds the folded CaseState (`summary`, for the case screen) and the columns the
 *    queue, reference, patient and repeat-caller queries filter and sort on.
 * 2) Events are applied onto the stored state when the row is exactly one version behind; if it
 *    is not (a projection added after events were written), the stream is folded again from the
 *    log, so the row can never silently skip an event.
 * 3) A stream that does not begin with CaseOpened has no case to show; it is left out rather than
 *    failing the append (the command layer never writes one).
 */
import {
  applyCaseEvent,
  type CaseEventRecord,
  type CaseState,
  foldCase,
  isUuid,
  type StoredEvent,
} from '@lantern/core';
import type { Insertable } from 'kysely';
import type { Projection, Tx } from '../eventlog/projections.js';
import { readStreamUpTo } from '../eventlog/readEvents.js';
import type { CasesTable } from './tables.js';

export const CASE_STREAM = 'case';
/** Rows per upsert statement: 29 columns x 500 stays far under PostgreSQL's parameter limit. */
const UPSERT_CHUNK = 500;

export const casesProjection: Projection = {
  name: 'cases',
  // 2: writes queued_at (0023).
  version: 2,
  tables: ['cases'],
  streamTypes: [CASE_STREAM],
  async apply(tx, events) {
    const streams = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const list = streams.get(e.streamId);
      if (list) list.push(e);
      else streams.set(e.streamId, [e]);
    }
    const ids = [...streams.keys()];
    const stored = await tx
      .selectFrom('cases')
      .select(['id', 'org_id', 'version', 'summary'])
      .where('id', 'in', ids)
      .execute();
    const current = new Map(stored.map((r) => [r.id, r]));
    const rows: Insertable<CasesTable>[] = [];
    for (const [id, list] of streams) {
      const first = list[0] as StoredEvent;
      const last = list[list.length - 1] as StoredEvent;
      const row = current.get(id);
      let state: CaseState | null;
      if (row && row.org_id === first.orgId && row.version === first.streamVersion - 1) {
        state = foldOnto(row.summary as CaseState, list);
      } else if (!row && first.streamVersion === 1) {
        state = foldOnto(null, list);
      } else {
        state = await refold(tx, first.orgId, id, last.streamVersion);
      }
      if (state) rows.push(rowOf(first.orgId, state, last.streamVersion, last.recordedAt));
    }
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      await tx
        .insertInto('cases')
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
  'reference',
  'status',
  'patient_id',
  'nhs_number',
  'patient_name',
  'patient_birth_date',
  'patient_sex',
  'caller_name',
  'call_back_number',
  'postcode',
  'presenting_complaint',
  'disposition_code',
  'disposition_label',
  'skillset',
  'ambulance_category',
  'timeframe_minutes',
  'breach_at',
  'priority',
  'queue',
  'queued_at',
  'assigned_to',
  'repeat_caller',
  'opened_at',
  'updated_at',
  'closed_at',
  'version',
  'summary',
] as const satisfies readonly (keyof CasesTable)[];

function recordOf(e: StoredEvent): CaseEventRecord {
  return {
    id: e.id,
    type: e.type,
    data: e.data,
    occurredAt: e.occurredAt,
    actor: e.actor,
    streamId: e.streamId,
  };
}

function foldOnto(state: CaseState | null, events: readonly StoredEvent[]): CaseState | null {
  try {
    return events.reduce<CaseState | null>((s, e) => applyCaseEvent(s, recordOf(e)), state);
  } catch {
    return null;
  }
}

async function refold(tx: Tx, orgId: string, caseId: string, upTo: number): Promise<CaseState | null> {
  const events = await readStreamUpTo(tx, orgId, caseId, upTo);
  try {
    return foldCase(events.map(recordOf));
  } catch {
    return null;
  }
}

/** The row for a case, from its folded state. */
export function rowOf(orgId: string, s: CaseState, version: number, at: string): Insertable<CasesTable> {
  const p = s.patient;
  const d = s.disposition;
  return {
    org_id: orgId,
    id: s.caseId,
    reference: s.reference,
    status: s.status,
    patient_id: p && isUuid(p.patientId) ? p.patientId : null,
    nhs_number: p?.nhsNumber ?? null,
    patient_name: p?.displayName ?? null,
    patient_birth_date: p?.dateOfBirth ?? null,
    patient_sex: p?.sex ?? null,
    caller_name: s.caller.name,
    call_back_number: s.caller.callBackNumber,
    postcode: s.location.postcode,
    presenting_complaint: s.presentingComplaint?.text ?? null,
    disposition_code: d?.code ?? null,
    disposition_label: d?.label ?? null,
    skillset: d?.skillset ?? null,
    ambulance_category: d?.ambulanceCategory ?? null,
    timeframe_minutes: d?.timeframeMinutes ?? null,
    breach_at: s.breachAt,
    priority: s.priority,
    queue: s.queue,
    queued_at: s.queuedAt,
    // Only Lantern user ids (UUIDs) go in the column; the summary keeps whatever was recorded.
    assigned_to: s.assignedTo !== null && isUuid(s.assignedTo) ? s.assignedTo : null,
    repeat_caller: s.flags.repeatCaller !== null,
    opened_at: s.openedAt,
    updated_at: at,
    closed_at: s.closure?.at ?? null,
    version,
    summary: JSON.stringify(s),
  };
}
