/**
 * When a service is open, as instants. Each local date's sessions come from one source, in
 * DoS precedence (domain.md §4.3): specified date, open all hours, bank holiday, weekly.
 * Sessions become instant intervals through the calendar's time zone, so "08:00-18:30"
 * is 07:00Z-17:30Z in summer and 08:00Z-18:30Z in winter, and a day on which the clocks
 * change is 23 or 25 hours long. Touching or overlapping intervals are merged, so 24/7
 * services and "22:00-02:00" nights read as one stretch of opening.
 */
import { type Calendar, ENGLAND_AND_WALES } from './bankHolidays.js';
import type { OpeningTimes, Service, Session } from './service.js';
import { DAYS_OF_WEEK } from './service.js';
import {
  addDays,
  compareLocalDates,
  DAY_MS,
  formatLocalDate,
  type LocalDate,
  toInstant,
  toLocal,
  weekdayOf,
} from './zonedTime.js';

/** Half-open [start, end) in epoch milliseconds. */
export interface OpenInterval {
  start: number;
  end: number;
}

export type SessionSource = 'specified-date' | 'open-all-hours' | 'bank-holiday' | 'weekly';

/** How far ahead `nextOpenWindow` looks by default: two weeks covers a closed fortnight at Christmas. */
export const DEFAULT_HORIZON_DAYS = 14;

const WHOLE_DAY: Session = { open: '00:00', close: '24:00' };

/** The sessions that open on local `date`, and which rule chose them. */
export function sessionsForDate(
  openingTimes: OpeningTimes,
  date: LocalDate,
  calendar: Calendar,
): { sessions: readonly Session[]; source: SessionSource } {
  const iso = formatLocalDate(date);
  const specified = openingTimes.specifiedDates.find((s) => s.date === iso);
  if (specified) return { sessions: specified.sessions, source: 'specified-date' };
  if (openingTimes.openAllHours) return { sessions: [WHOLE_DAY], source: 'open-all-hours' };
  if (calendar.bankHolidays.has(iso)) return { sessions: openingTimes.bankHoliday, source: 'bank-holiday' };
  // DAYS_OF_WEEK starts on Monday; getDay() starts on Sunday.
  const day = DAYS_OF_WEEK[(weekdayOf(date) + 6) % 7];
  return { sessions: openingTimes.weekly.filter((s) => s.day === day), source: 'weekly' };
}

/**
 * Merged open intervals that overlap [fromMs, toMs]. Intervals are not clipped to the range,
 * except that opening is only looked for from the local day before `fromMs` to the local day
 * after `toMs`: an interval that reaches either end may run on beyond it.
 */
export function openIntervals(
  openingTimes: OpeningTimes,
  fromMs: number,
  toMs: number,
  calendar: Calendar,
): OpenInterval[] {
  const { timeZone } = calendar;
  const raw: OpenInterval[] = [];
  const last = addDays(toLocal(toMs, timeZone), 1);
  for (
    let date = addDays(toLocal(fromMs, timeZone), -1);
    compareLocalDates(date, last) <= 0;
    date = addDays(date, 1)
  ) {
    for (const session of sessionsForDate(openingTimes, date, calendar).sessions) {
      const open = minutesOf(session.open);
      let close = minutesOf(session.close);
      if (close <= open) close += 24 * 60;
      const closeDate = close > 24 * 60 ? addDays(date, 1) : date;
      raw.push({
        start: toInstant(date, open, timeZone),
        end: toInstant(closeDate, close > 24 * 60 ? close - 24 * 60 : close, timeZone),
      });
    }
  }
  raw.sort((a, b) => a.start - b.start);
  const merged: OpenInterval[] = [];
  for (const interval of raw) {
    if (interval.end <= interval.start) continue;
    const previous = merged[merged.length - 1];
    if (previous && interval.start <= previous.end) previous.end = Math.max(previous.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged.filter((i) => i.end >= fromMs && i.start <= toMs);
}

export function isOpenAt(
  service: Pick<Service, 'openingTimes'>,
  instant: Date,
  calendar: Calendar = ENGLAND_AND_WALES,
): boolean {
  const t = instant.getTime();
  return openIntervals(service.openingTimes, t, t, calendar).some((i) => i.start <= t && t < i.end);
}

export interface OpenWindow {
  /** When the window opens, or `from` if the service is already open. */
  opensAt: Date;
  /** When it closes; null when it stays open past the look-ahead horizon (e.g. 24/7). */
  closesAt: Date | null;
  openNow: boolean;
}

/** The window the service is open in at `from`, else the next one within `horizonDays`. */
export function nextOpenWindow(
  service: Pick<Service, 'openingTimes'>,
  from: Date,
  calendar: Calendar = ENGLAND_AND_WALES,
  horizonDays = DEFAULT_HORIZON_DAYS,
): OpenWindow | null {
  const t = from.getTime();
  const horizon = t + horizonDays * DAY_MS;
  const intervals = openIntervals(service.openingTimes, t, horizon, calendar);
  return windowFrom(intervals, t, horizon);
}

/** The first interval still open at or after `t`, as a window; shared with the search. */
export function windowFrom(
  intervals: readonly OpenInterval[],
  t: number,
  horizon: number,
): OpenWindow | null {
  const next = intervals.find((i) => i.end > t && i.start <= horizon);
  if (!next) return null;
  return {
    opensAt: new Date(Math.max(next.start, t)),
    closesAt: next.end > horizon ? null : new Date(next.end),
    openNow: next.start <= t,
  };
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
