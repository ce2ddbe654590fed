/**
 * The DoS session-time rules (domain.md §4.3, "Match Session Times"). From the disposition
 * timeframe T (minutes) the search looks ahead to an end time:
 *   T null or 0 -> +60;  1-30 -> +30;  31-60 -> +T;  over 60 -> +T - 60
 * so a long timeframe still leaves the patient the last hour to get there. A service
 * qualifies when it is open at some moment between the search time and that end, both
 * ends included (a session closing exactly at the window start counts), and the opening
 * it is found in does not close within 30 minutes of the search time (a patient needs
 * time to travel). Closing exactly 30 minutes after the search is allowed.
 */
import type { OpenInterval } from './openingHours.js';
import { MINUTE_MS } from './zonedTime.js';

export const NOT_CLOSING_WITHIN_MINUTES = 30;

/** Minutes after the search time at which the session-time window ends. */
export function sessionWindowMinutes(timeframeMinutes: number | null): number {
  if (timeframeMinutes === null || timeframeMinutes === 0) return 60;
  if (!(Number.isInteger(timeframeMinutes) && timeframeMinutes > 0)) {
    throw new RangeError(`A disposition timeframe is a whole number of minutes, not ${timeframeMinutes}`);
  }
  if (timeframeMinutes <= 30) return 30;
  if (timeframeMinutes <= 60) return timeframeMinutes;
  return timeframeMinutes - 60;
}

export type SessionTimeCheck =
  | { ok: true; interval: OpenInterval }
  | { ok: false; rule: 'session-time' }
  | { ok: false; rule: 'closing-within-30-minutes'; closesAt: number };

/** Apply both session-time rules to a service's merged open intervals. */
export function checkSessionTimes(
  intervals: readonly OpenInterval[],
  searchTimeMs: number,
  windowEndMs: number,
): SessionTimeCheck {
  const openInWindow = intervals.filter((i) => i.start <= windowEndMs && i.end >= searchTimeMs);
  if (openInWindow.length === 0) return { ok: false, rule: 'session-time' };
  const lateEnough = searchTimeMs + NOT_CLOSING_WITHIN_MINUTES * MINUTE_MS;
  const usable = openInWindow.find((i) => i.end >= lateEnough);
  if (!usable) {
    return {
      ok: false,
      rule: 'closing-within-30-minutes',
      closesAt: openInWindow[openInWindow.length - 1]!.end,
    };
  }
  return { ok: true, interval: usable };
}

/** Services flagged "return only if open": open at the search time or opening within N minutes. */
export function isOpenOrOpeningWithin(
  intervals: readonly OpenInterval[],
  searchTimeMs: number,
  withinMinutes: number,
): boolean {
  const latestOpening = searchTimeMs + withinMinutes * MINUTE_MS;
  return intervals.some((i) => i.start <= latestOpening && i.end > searchTimeMs);
}
