/**
 * A case's history as a person reads it: every entry of the case's stream, oldest first, with
 * who did it by name (not by user id), the triages run on it, and the patient's other recent
 * contacts with this organisation.
 *
 * Constraints that shaped it:
 * 1) From the log, not the read model: the entries are the case's own events (seq, when it
 *    happened, when it was recorded), summarised by core in the words the timeline uses, so the
 *    history can never say something the record does not.
 * 2) Names are resolved in one query for the handful of people on a case, inside the tenant
 *    transaction: a user of another organisation can never be named here.
 * 3) The patient's other cases are the ones a clinician must see before deciding (a third call
 *    in two days about the same child): cases for the same patient, and the prior contacts a
 *    repeat-caller flag names (same call-back number, patient not yet identified), newest first,
 *    capped. Each is a line (reference, when, disposition, outcome), not the other case itself.
 */
import type { CaseState, StoredEvent } from '@lantern/core';
import { sql } from 'kysely';
import type { Tx } from '../eventlog/projections.js';
import './tables.js';

/** Other contacts shown: more than a week of daily calls is already a pattern. */
const PRIOR_CASES_MAX = 20;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface HistoryEntry {
  eventId: string | null;
  seq: number | null;
  stream: 'case' | 'triage';
  type: string;
  /** When it happened (the console's clock for an offline entry). */
  at: string;
  /** When the server recorded it. */
  recordedAt: string | null;
  actor: { id: string | null; name: string | null };
  summary: string;
}

export interface TriageRun {
  triageId: string;
  protocolId: string;
  protocolVersion: string;
  status: string;
  answers: number;
  dispositionCode: string | null;
  startedAt: string;
  startedBy: { id: string | null; name: string | null };
  updatedAt: string;
}

export interface PriorCase {
  caseId: string;
  reference: string;
  openedAt: string;
  status: string;
  dispositionCode: string | null;
  dispositionLabel: string | null;
  presentingComplaint: string | null;
  outcome: string | null;
  /** How this case is linked to the current one. */
  linkedBy: 'patient' | 'repeat-caller';
}

export interface CaseHistory {
  caseId: string;
  reference: string;
  version: number;
  entries: HistoryEntry[];
  triages: TriageRun[];
  priorCases: PriorCase[];
  /** Display names of the people the case names (actors, note authors, clinicians). */
  people: Record<string, string>;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export async function readCaseHistory(
  tx: Tx,
  orgId: string,
  state: CaseState,
  events: readonly StoredEvent[],
): Promise<CaseHistory> {
  const triageRows = await tx
    .selectFrom('triage_sessions')
    .select([
      'id',
      'protocol_id',
      'protocol_version',
      'status',
      'answers',
      'disposition_code',
      'started_at',
      'started_by',
      'updated_at',
    ])
    .where('org_id', '=', orgId)
    .where('case_id', '=', state.caseId)
    .orderBy('started_at')
    .execute();
  const priorCases = await readPriorCases(tx, orgId, state);
  const people = await namesOf(tx, orgId, [
    ...events.map((e) => e.actor),
    ...triageRows.map((r) => r.started_by),
    ...state.notes.map((n) => n.authorId),
    ...state.overrides.map((o) => o.clinicianId),
    state.assignedTo,
    state.openedBy,
  ]);
  const named = (id: string | null) => ({ id, name: id === null ? null : (people[id] ?? null) });
  const withNames = (text: string) => text.replace(UUID, (id) => people[id.toLowerCase()] ?? id);

  const bySeq = new Map(events.map((e) => [e.id, e]));
  const caseEntries: HistoryEntry[] = state.timeline.map((t) => {
    const stored = t.eventId === null ? undefined : bySeq.get(t.eventId);
    return {
      eventId: t.eventId,
      seq: stored?.seq ?? null,
      stream: 'case',
      type: t.type,
      at: t.at,
      recordedAt: stored?.recordedAt ?? null,
      actor: named(t.actor),
      summary: withNames(t.summary),
    };
  });
  const triages: TriageRun[] = triageRows.map((r) => ({
    triageId: r.id,
    protocolId: r.protocol_id,
    protocolVersion: r.protocol_version,
    status: r.status,
    answers: r.answers,
    dispositionCode: r.disposition_code,
    startedAt: iso(r.started_at),
    startedBy: named(r.started_by),
    updatedAt: iso(r.updated_at),
  }));
  const triageEntries: HistoryEntry[] = triages.flatMap((r) => [
    {
      eventId: null,
      seq: null,
      stream: 'triage' as const,
      type: 'TriageStarted',
      at: r.startedAt,
      recordedAt: null,
      actor: r.startedBy,
      summary: `Triage started: ${r.protocolId} protocol, version ${r.protocolVersion}`,
    },
    ...(r.status === 'in-progress'
      ? []
      : [
          {
            eventId: null,
            seq: null,
            stream: 'triage' as const,
            type: r.status === 'completed' ? 'TriageCompleted' : 'TriageSuperseded',
            at: r.updatedAt,
            recordedAt: null,
            actor: r.status === 'completed' ? r.startedBy : named(null),
            summary:
              r.status === 'completed'
                ? `Triage completed after ${r.answers} answer${r.answers === 1 ? '' : 's'}: ${r.dispositionCode}`
                : 'Triage replaced by a newer one before it finished',
          },
        ]),
  ]);
  const entries = [...caseEntries, ...triageEntries].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.seq ?? 0) - (b.seq ?? 0),
  );
  const last = events[events.length - 1];
  return {
    caseId: state.caseId,
    reference: state.reference,
    version: last?.streamVersion ?? 0,
    entries,
    triages,
    priorCases,
    people,
  };
}

/** Served by cases_by_patient (org_id, patient_id, opened_at) and the primary key. */
async function readPriorCases(tx: Tx, orgId: string, state: CaseState): Promise<PriorCase[]> {
  const flagged = (state.flags.repeatCaller?.priorCaseIds ?? []).filter((id) => id !== state.caseId);
  const patientId = state.patient?.patientId ?? null;
  if (patientId === null && flagged.length === 0) return [];
  const rows = await tx
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'opened_at',
      'status',
      'disposition_code',
      'disposition_label',
      'patient_id',
      sql<string | null>`left(presenting_complaint, 200)`.as('presenting_complaint'),
      sql<string | null>`summary->'outcome'->>'outcome'`.as('outcome'),
    ])
    .where('org_id', '=', orgId)
    .where('id', '<>', state.caseId)
    .where((eb) =>
      eb.or([
        ...(patientId === null ? [] : [eb('patient_id', '=', patientId)]),
        ...(flagged.length === 0 ? [] : [eb('id', 'in', flagged)]),
      ]),
    )
    .orderBy('opened_at', 'desc')
    .limit(PRIOR_CASES_MAX)
    .execute();
  return rows.map((r) => ({
    caseId: r.id,
    reference: r.reference,
    openedAt: iso(r.opened_at),
    status: r.status,
    dispositionCode: r.disposition_code,
    dispositionLabel: r.disposition_label,
    presentingComplaint: r.presenting_complaint,
    outcome: r.outcome,
    linkedBy: patientId !== null && r.patient_id === patientId ? 'patient' : 'repeat-caller',
  }));
}

/** Display names for the Lantern user ids among `ids` (anything else is left unnamed). */
export async function namesOf(
  tx: Tx,
  orgId: string,
  ids: readonly (string | null)[],
): Promise<Record<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null && /^[0-9a-f-]{36}$/i.test(id)))];
  if (wanted.length === 0) return {};
  const rows = await tx
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('org_id', '=', orgId)
    .where('id', 'in', wanted)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.display_name]));
}
