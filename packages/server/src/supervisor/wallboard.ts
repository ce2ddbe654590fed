/**
 * The supervisor's wallboard: calls waiting per queue, the longest wait, cases near and past
 * breach (counts and the worst few), calls in progress, and ambulance requests awaiting
 * acknowledgement when the server delivers them.
 *
 * Constraints that shaped it:
 * 1) The bands are core's `breachBand`, the same the queue shows, computed at one `now` for the
 *    whole board, so a case is never "critical" on the board and "warning" in the queue.
 * 2) A wallboard hangs where the whole room can read it, so it names no patient: cases appear
 *    by reference, disposition and queue, and the clinician holding one by name.
 * 3) It is read again on every live update, so it reads only the live cases' few columns.
 */
import { breachBand, msUntilBreach } from '@lantern/core';
import { namesOf } from '../cases/caseHistory.js';
import type { Tx } from '../eventlog/projections.js';
import { countInProgress, LIVE_CASES_MAX, type LiveCaseRow, listLiveCases } from './wallboardStore.js';

/** The worst cases shown by reference: a wall can show about this many lines and stay legible. */
const WORST_SHOWN = 8;

export interface QueueFigures {
  queue: string;
  waiting: number;
  taken: number;
  /** When the case waiting longest joined the queue (not yet taken); null when none waits. */
  longestWaitingSince: string | null;
  breached: number;
  /** Critical or warning: under a quarter of the timeframe (or ten minutes) left. */
  nearBreach: number;
  nextBreachAt: string | null;
}

export interface WorstCase {
  caseId: string;
  reference: string;
  queue: string | null;
  status: 'queued' | 'assigned';
  breachAt: string;
  breachBand: 'breached' | 'critical' | 'warning';
  msUntilBreach: number;
  timeframeMinutes: number | null;
  disposition: { code: string | null; label: string | null };
  waitingSince: string | null;
  takenBy: string | null;
}

/**
 * Ambulance requests not yet acknowledged by the ambulance service. Filled by the dispatch
 * capability once ambulance requests are delivered; until then the board receives null and
 * says so (no figure is ever made up).
 */
export interface AmbulanceAwaiting {
  awaiting: number;
  oldestRequestedAt: string | null;
  requests: {
    caseId: string;
    reference: string;
    category: string | null;
    requestedAt: string;
    channel: string | null;
  }[];
}

export interface Wallboard {
  generatedAt: string;
  totals: {
    waiting: number;
    taken: number;
    breached: number;
    nearBreach: number;
    longestWaitingSince: string | null;
  };
  queues: QueueFigures[];
  worst: WorstCase[];
  inProgress: { open: number; triaged: number };
  ambulanceRequests: AmbulanceAwaiting | null;
  /** True when there were more live cases than the board counts (LIVE_CASES_MAX). */
  truncated: boolean;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

export async function readWallboard(tx: Tx, orgId: string, now: Date): Promise<Wallboard> {
  const fetched = await listLiveCases(tx, orgId);
  const truncated = fetched.length > LIVE_CASES_MAX;
  const live = truncated ? fetched.slice(0, LIVE_CASES_MAX) : fetched;
  const inProgress = await countInProgress(tx, orgId, now);
  const banded = live.map((row) => ({ row, band: bandOf(row, now) }));

  const byQueue = new Map<string, QueueFigures>();
  for (const { row, band } of banded) {
    const name = row.queue ?? 'not in a queue';
    const q = byQueue.get(name) ?? {
      queue: name,
      waiting: 0,
      taken: 0,
      longestWaitingSince: null,
      breached: 0,
      nearBreach: 0,
      nextBreachAt: null,
    };
    if (row.status === 'queued') {
      q.waiting += 1;
      q.longestWaitingSince = earlier(q.longestWaitingSince, iso(row.queued_at ?? row.opened_at));
    } else q.taken += 1;
    if (band === 'breached') q.breached += 1;
    if (band === 'critical' || band === 'warning') q.nearBreach += 1;
    if (band !== 'breached') q.nextBreachAt = earlier(q.nextBreachAt, iso(row.breach_at));
    byQueue.set(name, q);
  }
  const queues = [...byQueue.values()].sort(
    (a, b) =>
      b.breached - a.breached ||
      b.nearBreach - a.nearBreach ||
      b.waiting - a.waiting ||
      (a.queue < b.queue ? -1 : 1),
  );

  const worstRows = banded.filter((b) => b.band !== 'ok' && b.row.breach_at !== null).slice(0, WORST_SHOWN);
  const names = await namesOf(
    tx,
    orgId,
    worstRows.map((w) => w.row.assigned_to),
  );
  const worst: WorstCase[] = worstRows.map(({ row, band }) => ({
    caseId: row.id,
    reference: row.reference,
    queue: row.queue,
    status: row.status,
    breachAt: iso(row.breach_at) as string,
    breachBand: band as WorstCase['breachBand'],
    msUntilBreach: msUntilBreach(now, row.breach_at as Date),
    timeframeMinutes: row.timeframe_minutes,
    disposition: { code: row.disposition_code, label: row.disposition_label },
    waitingSince: iso(row.queued_at),
    takenBy: row.assigned_to === null ? null : (names[row.assigned_to] ?? 'a clinician'),
  }));

  return {
    generatedAt: now.toISOString(),
    totals: {
      waiting: queues.reduce((n, q) => n + q.waiting, 0),
      taken: queues.reduce((n, q) => n + q.taken, 0),
      breached: queues.reduce((n, q) => n + q.breached, 0),
      nearBreach: queues.reduce((n, q) => n + q.nearBreach, 0),
      longestWaitingSince: queues.reduce<string | null>((m, q) => earlier(m, q.longestWaitingSince), null),
    },
    queues,
    worst,
    inProgress,
    ambulanceRequests: null,
    truncated,
  };
}

function bandOf(row: LiveCaseRow, now: Date) {
  return breachBand(now, row.breach_at, row.timeframe_minutes);
}
