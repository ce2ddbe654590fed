/**
 * The SQL of the case capability: reading a case's stream and its read-model row, the queue,
 * lookups by reference and patient, and the prior contacts repeat-caller detection counts.
 * Every function takes a tenant transaction (`withTenant`) and filters by organisation as well,
 * so row-level security and the query both keep organisations apart.
 */
import type { CaseState, StoredEvent } from '@lantern/core';
import { sql } from 'kysely';
import type { Tx } from '../eventlog/projections.js';
import { rowToEvent } from '../eventlog/rows.js';
import { CASE_STREAM } from './projection.js';
import type { CasesTable } from './tables.js';

/** A case's events in stream order (empty when the organisation has no such case). */
export async function readCaseEvents(tx: Tx, orgId: string, caseId: string): Promise<StoredEvent[]> {
  const rows = await tx
    .selectFrom('events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('stream_id', '=', caseId)
    .where('stream_type', '=', CASE_STREAM)
    .orderBy('stream_version')
    .execute();
  return rows.map(rowToEvent);
}

export interface CaseRecord {
  state: CaseState;
  version: number;
}

/** The projected case, as the case screen shows it. */
export async function getCase(tx: Tx, orgId: string, caseId: string): Promise<CaseRecord | null> {
  const row = await tx
    .selectFrom('cases')
    .select(['summary', 'version'])
    .where('org_id', '=', orgId)
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row ? { state: row.summary as CaseState, version: row.version } : null;
}

export const QUEUE_STATUSES = ['queued', 'assigned'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];

export interface QueueQuery {
  queue?: string;
  skillset?: string;
  statuses: readonly QueueStatus[];
  assignedTo?: string;
  limit: number;
}

export interface QueueRow {
  id: string;
  reference: string;
  version: number;
  status: string;
  queue: string | null;
  skillset: string | null;
  priority: number | null;
  breach_at: Date | null;
  timeframe_minutes: number | null;
  disposition_code: string | null;
  disposition_label: string | null;
  ambulance_category: string | null;
  opened_at: Date;
  assigned_to: string | null;
  repeat_caller: boolean;
  patient_id: string | null;
  patient_name: string | null;
  patient_birth_date: string | null;
  patient_sex: string | null;
  presenting_complaint: string | null;
  postcode: string;
}

/**
 * The queue, most urgent first (core's compareQueueEntries: breach time, no breach time last,
 * then priority, then opened, then id). The WHERE and ORDER BY match the partial indexes of
 * migration 0003 column for column, so the scan reads `limit` entries and needs no sort.
 */
export async function listQueue(tx: Tx, orgId: string, q: QueueQuery): Promise<QueueRow[]> {
  let query = tx
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'version',
      'status',
      'queue',
      'skillset',
      'priority',
      'breach_at',
      'timeframe_minutes',
      'disposition_code',
      'disposition_label',
      'ambulance_category',
      'opened_at',
      'assigned_to',
      'repeat_caller',
      'patient_id',
      'patient_name',
      'patient_birth_date',
      'patient_sex',
      sql<string | null>`left(presenting_complaint, 200)`.as('presenting_complaint'),
      'postcode',
    ])
    .where('org_id', '=', orgId);
  if (q.queue !== undefined) query = query.where('queue', '=', q.queue);
  if (q.skillset !== undefined) query = query.where('skillset', '=', q.skillset);
  query =
    q.statuses.length === 1
      ? query.where('status', '=', q.statuses[0] as QueueStatus)
      : query.where('status', 'in', [...q.statuses]);
  if (q.assignedTo !== undefined) query = query.where('assigned_to', '=', q.assignedTo);
  return (await query
    .orderBy(sql`breach_at ASC NULLS LAST`)
    .orderBy('priority')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(q.limit)
    .execute()) as QueueRow[];
}

export interface CaseSummaryRow {
  id: string;
  reference: string;
  status: string;
  version: number;
  opened_at: Date;
  patient_id: string | null;
  patient_name: string | null;
  disposition_code: string | null;
}

/** Cases with this reference (usually one; a reference is a handle, not a key). */
export async function findByReference(tx: Tx, orgId: string, reference: string): Promise<CaseSummaryRow[]> {
  return tx
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'status',
      'version',
      'opened_at',
      'patient_id',
      'patient_name',
      'disposition_code',
    ])
    .where('org_id', '=', orgId)
    .where('reference', '=', reference)
    .orderBy('opened_at', 'desc')
    .limit(20)
    .execute();
}

export interface PriorContact {
  id: string;
  opened_at: Date;
  patient_id: string | null;
  call_back_number: string;
}

/** Cases opened since `since` for this patient or from this call-back number (repeat callers). */
export async function priorContacts(
  tx: Tx,
  orgId: string,
  keys: { patientId: string | null; callBackNumber: string },
  since: Date,
): Promise<PriorContact[]> {
  const byNumber = tx
    .selectFrom('cases')
    .select(['id', 'opened_at', 'patient_id', 'call_back_number'])
    .where('org_id', '=', orgId)
    .where('call_back_number', '=', keys.callBackNumber)
    .where('opened_at', '>=', since);
  const query =
    keys.patientId === null
      ? byNumber
      : byNumber.union(
          tx
            .selectFrom('cases')
            .select(['id', 'opened_at', 'patient_id', 'call_back_number'])
            .where('org_id', '=', orgId)
            .where('patient_id', '=', keys.patientId)
            .where('opened_at', '>=', since),
        );
  return query.limit(500).execute();
}

export interface EncounterQuery {
  ids?: string[];
  patientId?: string;
  statuses?: string[];
  reference?: string;
  count: number;
}

/** Cases for the FHIR Encounter facade, newest first. */
export async function searchCases(tx: Tx, orgId: string, q: EncounterQuery): Promise<CaseRecord[]> {
  let query = tx.selectFrom('cases').select(['summary', 'version']).where('org_id', '=', orgId);
  if (q.ids) query = query.where('id', 'in', q.ids);
  if (q.patientId !== undefined) query = query.where('patient_id', '=', q.patientId);
  if (q.statuses !== undefined) query = query.where('status', 'in', q.statuses as CasesTable['status'][]);
  if (q.reference !== undefined) query = query.where('reference', '=', q.reference);
  const rows = await query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(q.count).execute();
  return rows.map((r) => ({ state: r.summary as CaseState, version: r.version }));
}
