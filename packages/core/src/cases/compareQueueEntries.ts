/**
 * Queue order: the most urgent case is always first (ARCHITECTURE.md §7).
 *
 * 1) Earliest breach time first: the case that will breach soonest needs someone soonest,
 *    whatever queue priority it was given.
 * 2) Then priority, 1 before 5.
 * 3) Then the case opened first (the caller has waited longest).
 * 4) Then case id, so the order is total: every console and the server show the same list, and
 *    the same list however the rows arrived.
 *
 * A case with no breach time (a disposition without a timeframe) sorts after every case with
 * one. A breach time that cannot be read sorts before everything: a case must never sink out of
 * sight because its data is odd, so it is put where someone will look at it.
 */
import type { CaseState } from './caseState.js';

export interface QueueEntry {
  caseId: string;
  /** ISO 8601 with offset, or null when the disposition has no timeframe. */
  breachAt: string | null;
  /** 1 (most urgent) to 5. */
  priority: number;
  openedAt: string;
}

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return (
    compareNumbers(breachKey(a.breachAt), breachKey(b.breachAt)) ||
    compareNumbers(priorityKey(a.priority), priorityKey(b.priority)) ||
    compareNumbers(timeKey(a.openedAt), timeKey(b.openedAt)) ||
    compareStrings(a.caseId, b.caseId)
  );
}

/** A new array in queue order; the input is left as it was. */
export function sortQueue<T extends QueueEntry>(entries: readonly T[]): T[] {
  return [...entries].sort(compareQueueEntries);
}

/** The queue entry for a case that is waiting in or taken from a queue; null otherwise. */
export function queueEntryOf(state: CaseState): QueueEntry | null {
  if ((state.status !== 'queued' && state.status !== 'assigned') || state.priority === null) return null;
  return {
    caseId: state.caseId,
    breachAt: state.breachAt,
    priority: state.priority,
    openedAt: state.openedAt,
  };
}

function breachKey(at: string | null): number {
  if (at === null) return Number.POSITIVE_INFINITY;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function priorityKey(priority: number): number {
  return Number.isNaN(priority) ? Number.NEGATIVE_INFINITY : priority;
}

function timeKey(at: string): number {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-unit order, not locale order: the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
