import { describe, expect, it } from 'vitest';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bankHolidays.js';

/** Easter Sunday, anonymous Gregorian computus (Meeus/Jones/Butcher). */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const firstMonday = (y: number, m: number) => {
  const d = new Date(Date.UTC(y, m - 1, 1));
  return plusDays(d, (8 - d.getUTCDay()) % 7);
};
const lastMonday = (y: number, m: number) => {
  const d = new Date(Date.UTC(y, m, 0));
  return plusDays(d, -((d.getUTCDay() + 6) % 7));
};

/** The Banking and Financial Dealings Act rules, with the usual weekend substitutions. */
function bankHolidaysByRule(year: number): string[] {
  const easter = easterSunday(year);
  const newYear = new Date(Date.UTC(year, 0, 1));
  const newYearObserved = plusDays(
    newYear,
    newYear.getUTCDay() === 6 ? 2 : newYear.getUTCDay() === 0 ? 1 : 0,
  );
  const christmas = new Date(Date.UTC(year, 11, 25));
  const xmasDow = christmas.getUTCDay();
  // Saturday Christmas: Mon 27 and Tue 28; Sunday Christmas: Mon 26 (Boxing) and Tue 27;
  // Friday Christmas: Boxing Day moves to Monday 28.
  const [xmas, boxing] =
    xmasDow === 6 ? [27, 28] : xmasDow === 0 ? [27, 26] : xmasDow === 5 ? [25, 28] : [25, 26];
  return [
    newYearObserved,
    plusDays(easter, -2),
    plusDays(easter, 1),
    firstMonday(year, 5),
    lastMonday(year, 5),
    lastMonday(year, 8),
    new Date(Date.UTC(year, 11, xmas)),
    new Date(Date.UTC(year, 11, boxing)),
  ]
    .map(day)
    .sort();
}

describe('England and Wales bank holidays 2025-2027', () => {
  it.each([2025, 2026, 2027])('the %i list is the one the statutory rules give', (year) => {
    const listed = [...ENGLAND_AND_WALES_BANK_HOLIDAYS].filter((d) => d.startsWith(`${year}-`)).sort();
    expect(listed).toEqual(bankHolidaysByRule(year));
  });

  it('matches the dates GOV.UK announced for Easter 2025 and 2026', () => {
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2025-04-18')).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2026-04-03')).toBe(true);
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS.has('2026-12-28')).toBe(true);
  });
});
