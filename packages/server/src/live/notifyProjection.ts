/**
 * Publishes committed case changes to every server process: a projection that runs last in the
 * append transaction and sends one NOTIFY per case touched, built from the case's freshly
 * written read-model row. PostgreSQL delivers a NOTIFY only when its transaction commits, so a
 * listener never hears of a change that was rolled back, and hears of it in commit order.
 *
 * The payload names the case and its queue position, never the patient: a live update says
 * "this case changed", and the console fetches the case (an audited read) to show who it is.
 * NOTIFY payloads are capped at 8000 bytes; this one is a few hundred.
 */
import { sql } from 'kysely';
import type { Projection } from '../eventlog/projections.js';
import '../cases/tables.js';

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
  streamTypes: ['case'],
  async apply(tx, events) {
    const byCase = new Map<string, { orgId: string; seq: number; types: string[] }>();
    for (const e of events) {
      const entry = byCase.get(e.streamId) ?? { orgId: e.orgId, seq: e.seq, types: [] };
      entry.seq = Math.max(entry.seq, e.seq);
      entry.types.push(e.type);
      byCase.set(e.streamId, entry);
    }
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
