/**
 * The `triage_sessions` read model: one row per triage stream, so a case finds its current
 * triage (the latest started) without reading streams. Starting a new triage on a case marks
 * the previous unfinished one superseded. The session itself is always replayed from the log.
 */
import type { StoredEvent } from '@lantern/core';
import type { Projection } from '../eventlog/projections.js';
import '../cases/tables.js';

export const TRIAGE_STREAM = 'triage';

export const triageSessionsProjection: Projection = {
  name: 'triage-sessions',
  version: 1,
  tables: ['triage_sessions'],
  streamTypes: [TRIAGE_STREAM],
  async apply(tx, events) {
    for (const e of events) await applyOne(tx, e);
  },
};

async function applyOne(tx: Parameters<Projection['apply']>[0], e: StoredEvent): Promise<void> {
  const at = e.recordedAt;
  if (e.type === 'TriageStarted') {
    const d = e.data as { caseId: string; protocolId: string; protocolVersion: string };
    await tx
      .updateTable('triage_sessions')
      .set({ status: 'superseded', updated_at: at })
      .where('org_id', '=', e.orgId)
      .where('case_id', '=', d.caseId)
      .where('status', '=', 'in-progress')
      .execute();
    await tx
      .insertInto('triage_sessions')
      .values({
        org_id: e.orgId,
        id: e.streamId,
        case_id: d.caseId,
        protocol_id: d.protocolId,
        protocol_version: d.protocolVersion,
        status: 'in-progress',
        answers: 0,
        disposition_code: null,
        started_at: e.occurredAt,
        started_by: e.actor,
        updated_at: at,
        version: e.streamVersion,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return;
  }
  const completed = e.type === 'TriageCompleted';
  await tx
    .updateTable('triage_sessions')
    .set((eb) => ({
      version: e.streamVersion,
      updated_at: at,
      ...(e.type === 'TriageAnswered' ? { answers: eb('answers', '+', 1) } : {}),
      ...(completed
        ? {
            status: 'completed' as const,
            disposition_code: String((e.data as { dispositionCode?: string }).dispositionCode),
          }
        : {}),
    }))
    .where('org_id', '=', e.orgId)
    .where('id', '=', e.streamId)
    .execute();
}
