/**
 * The SQL of the wallboard: the organisation's live cases (queued or taken) with only the
 * columns the board counts and ranks, and the calls still being taken or triaged. Both run in
 * the request's tenant transaction and filter by organisation as well (row-level security and
 * the query both keep organisations apart). Index paths are in migrations/0023_wallboard.sql.
 */
import { sql } from 'kysely';
import type { Tx } from '../eventlog/projections.js';
import '../cases/tables.js';

/** Far above any real clinical queue; past it the board says it counted only this many. */
export const LIVE_CASES_MAX = 5000;
/** Calls in progress are counted over the last day, so an abandoned draft does not haunt the board. */
const IN_PROGRESS_WINDOW_MS = 24 * 3_600_000;

export interface LiveCaseRow {
  id: string;
  reference: string;
  status: 'queued' | 'assigned';
  queue: string | null;
  priority: number | null;
  breach_at: Date | null;
  timeframe_minutes: number | null;
  disposition_code: string | null;
  disposition_label: string | null;
  queued_at: Date | null;
  opened_at: Date;
  assigned_to: string | null;
}

/** Live cases, most urgent first (the queue's own order, so the worst come first). */
export async function listLiveCases(tx: Tx, orgId: string): Promise<LiveCaseRow[]> {
  return (await liveCasesQuery(tx, orgId).execute()) as LiveCaseRow[];
}

/** The query itself, so a test can check the index that serves it (EXPLAIN). */
export function liveCasesQuery(tx: Tx, orgId: string) {
  return tx
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'status',
      'queue',
      'priority',
      'breach_at',
      'timeframe_minutes',
      'disposition_code',
      'disposition_label',
      'queued_at',
      'opened_at',
      'assigned_to',
    ])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['queued', 'assigned'])
    .orderBy(sql`breach_at ASC NULLS LAST`)
    .orderBy('priority')
    .orderBy('opened_at')
    .orderBy('id')
    .limit(LIVE_CASES_MAX + 1);
}

/** Calls opened in the last day that are still being taken (open) or have a disposition but no queue (triaged). */
export async function countInProgress(
  tx: Tx,
  orgId: string,
  now: Date,
): Promise<{ open: number; triaged: number }> {
  const rows = await inProgressQuery(tx, orgId, now).execute();
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { open: count('open'), triaged: count('triaged') };
}

export function inProgressQuery(tx: Tx, orgId: string, now: Date) {
  return tx
    .selectFrom('cases')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['open', 'triaged'])
    .where('opened_at', '>=', new Date(now.getTime() - IN_PROGRESS_WINDOW_MS))
    .groupBy('status');
}
