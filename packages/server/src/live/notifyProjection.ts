/**
 * Publishes committed case changes to every server process: a projection that runs last in the
 * append transaction and sends one NOTIFY per case touched, built from the case's freshly
 * written read-model row. PostgreSQL delivers a NOTIFY only when its transaction commits, so a
 * listener never hears of a change that was rolled back, and hears of it in commit order.
 *
 * A message about a case (an ambulance request's delivery, say) changing is a change to that
 * case: its events are announced as the case's, so the case screen and the wallboard refresh.
 *
 * The payload names the case and its queue position, never the patient: a live update says
 * "this case changed", and the console fetches the case (an audited read) to show who it is.
 * NOTIFY payloads are capped at 8000 bytes; this one is a few hundred.
 */
import { sql } from 'kysely';
import type { Projection } from '../eventlog/projections.js';
import '../cases/tables.js';
import '../messaging/tables.js';

export const LIVE_CHANNEL = 'lantern_events';

export interface CaseChange {
  kind: 'case';
  orgId: string;
  seq: number;
  caseId: string;
  reference: string;
  version: number;
  status: string;
  queue: string | null;
  skillset: string | null;
  priority: number | null;
  breachAt: string | null;
  timeframeMinutes: number | null;
  dispositionCode: string | null;
  assignedTo: string | null;
  events: string[];
}

export const liveNotifyProjection: Projection = {
  name: 'live-notify',
  version: 1,
  tables: [],
  streamTypes: ['case', 'message'],
  async apply(tx, events) {
    const messageIds = [...new Set(events.filter((e) => e.streamType === 'message').map((e) => e.streamId))];
    const subjectOf = new Map<string, string>();
    if (messageIds.length > 0) {
      const rows = await tx
        .selectFrom('outbox_messages')
        .select(['id', 'subject_id'])
        .where('id', 'in', messageIds)
        .where('subject_type', '=', 'case')
        .execute();
      for (const r of rows) subjectOf.set(r.id, r.subject_id);
    }
    const byCase = new Map<string, { orgId: string; seq: number; types: string[] }>();
    for (const e of events) {
      const caseId = e.streamType === 'case' ? e.streamId : subjectOf.get(e.streamId);
      if (caseId === undefined) continue;
      const entry = byCase.get(caseId) ?? { orgId: e.orgId, seq: e.seq, types: [] };
      entry.seq = Math.max(entry.seq, e.seq);
      entry.types.push(e.type);
      byCase.set(caseId, entry);
    }
    if (byCase.size === 0) return;
    const changes = [...byCase].map(([caseId, c]) => ({
      caseId,
      orgId: c.orgId,
      seq: c.seq,
      events: c.types.slice(-20),
    }));
    await sql`
      SELECT pg_notify(${LIVE_CHANNEL}, json_build_object(
        'kind', 'case', 'orgId', c.org_id, 'seq', x.seq, 'caseId', c.id, 'reference', c.reference,
        'version', c.version, 'status', c.status, 'queue', c.queue, 'skillset', c.skillset,
        'priority', c.priority, 'breachAt', c.breach_at, 'timeframeMinutes', c.timeframe_minutes,
        'dispositionCode', c.disposition_code, 'assignedTo', c.assigned_to, 'events', x.events)::text)
      FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
             AS x("caseId" uuid, "orgId" uuid, seq bigint, events jsonb)
      JOIN cases c ON c.id = x."caseId" AND c.org_id = x."orgId"`.execute(tx);
  },
};
