/**
 * Date of birth. Stored as a calendar date ("1950-03-14"), never as an instant: a birthday does
 * not move with time zones. A date is refused with the reason a call handler can act on:
 * not a date at all, a day that does not exist (30 February), before 1880 (no one alive was born
 * earlier; older dates are typos such as 1850 for 1950), or after today (a slip of the decade).
 *
 * "Today" is a parameter, not the clock, so the rule is pure and the same on server and console;
 * callers pass the UK calendar date (`ukToday`), because a baby born at 00:30 in London is born
 * "today" while UTC still says yesterday.
 */
import { LanternError } from '../errors/catalogue.js';

/** The earliest date of birth accepted. The oldest person ever verified was born in 1875. */
export const EARLIEST_BIRTH_DATE = '1880-01-01';

export type DateOfBirthProblem = 'empty' | 'format' | 'no-such-day' | 'too-early' | 'future';

export type DateOfBirthResult =
  | { ok: true; value: string }
  | { ok: false; reason: DateOfBirthProblem; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when y-m-d is a real calendar day (proleptic Gregorian). */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Checks a date of birth given as YYYY-MM-DD against `today` (YYYY-MM-DD). Without `today`
 * only the calendar and the 1880 floor are checked (used when re-reading stored events, which
 * were checked against their own day when written).
 */
export function parseDateOfBirth(input: string, today?: string): DateOfBirthResult {
  const value = input.trim();
  if (value === '') return fail('empty', 'Enter a date of birth');
  if (!ISO_DATE.test(value)) {
    return fail('format', 'A date of birth is written YYYY-MM-DD, e.g. 1950-03-14');
  }
  if (!isCalendarDate(value)) {
    return fail('no-such-day', `${value} is not a day in the calendar (check the day and month)`);
  }
  if (value < EARLIEST_BIRTH_DATE) {
    return fail('too-early', `A date of birth before 1880 is not possible (${value}); check the year`);
  }
  if (today !== undefined && value > today) {
    return fail('future', `A date of birth cannot be in the future (${value} is after today, ${today})`);
  }
  return { ok: true, value };
}

/** Throws `E_VALIDATION` naming `path` when the date of birth is impossible. */
export function ensureDateOfBirth(input: string, today: string, path = 'birthDate'): string {
  const result = parseDateOfBirth(input, today);
  if (!result.ok) {
    throw new LanternError('E_VALIDATION', result.message, [{ path, message: result.message }]);
  }
  return result.value;
}

/** The calendar date in the UK at `instant` (YYYY-MM-DD), whatever the machine's time zone. */
export function ukToday(instant: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Whole years of age on `on` (both YYYY-MM-DD); someone born on 29 February ages on 1 March. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  const hadBirthday = om > bm || (om === bm && od >= bd);
  return oy - by - (hadBirthday ? 0 : 1);
}

function fail(reason: DateOfBirthProblem, message: string): DateOfBirthResult {
  return { ok: false, reason, message };
}
