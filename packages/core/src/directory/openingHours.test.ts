import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Calendar, ENGLAND_AND_WALES } from './bankHolidays.js';
import { isOpenAt, nextOpenWindow, sessionsForDate } from './openingHours.js';
import { DAYS_OF_WEEK, type OpeningTimes, OpeningTimesSchema } from './service.js';
import { addDays, toLocal, weekdayOf } from './zonedTime.js';

const hours = (input: Partial<OpeningTimes>) => ({ openingTimes: OpeningTimesSchema.parse(input) });
const at = (isoInstant: string) => new Date(isoInstant);
const weekdays = (open: string, close: string) =>
  (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).map((day) => ({ day, open, close }));
const NO_BANK_HOLIDAYS: Calendar = { timeZone: 'Europe/London', bankHolidays: new Set() };

describe('opening hours: local time through BST and GMT', () => {
  const surgery = hours({ weekly: weekdays('08:00', '18:30') });

  it('opens at 08:00 London time: 08:00Z in January, 07:00Z in July', () => {
    expect(isOpenAt(surgery, at('2025-01-15T07:59:00Z'))).toBe(false);
    expect(isOpenAt(surgery, at('2025-01-15T08:00:00Z'))).toBe(true);
    expect(isOpenAt(surgery, at('2025-07-15T06:59:00Z'))).toBe(false);
    expect(isOpenAt(surgery, at('2025-07-15T07:00:00Z'))).toBe(true);
  });

  it('closes at 18:30 London time, the closing minute itself being closed', () => {
    expect(isOpenAt(surgery, at('2025-07-15T17:29:59Z'))).toBe(true);
    expect(isOpenAt(surgery, at('2025-07-15T17:30:00Z'))).toBe(false);
    expect(isOpenAt(surgery, at('2025-01-15T18:30:00Z'))).toBe(false);
  });

  it('puts Monday opening right on the Monday after the clocks go forward', () => {
    expect(nextOpenWindow(surgery, at('2025-03-29T12:00:00Z'))).toEqual({
      opensAt: at('2025-03-31T07:00:00Z'),
      closesAt: at('2025-03-31T17:30:00Z'),
      openNow: false,
    });
  });

  it('keeps a night service 22:00-06:00 to 8 real hours except on the nights the clocks change', () => {
    const nights = hours({ weekly: DAYS_OF_WEEK.map((day) => ({ day, open: '22:00', close: '06:00' })) });
    const lengthFrom = (iso: string) => {
      const w = nextOpenWindow(nights, at(iso))!;
      return (w.closesAt!.getTime() - w.opensAt.getTime()) / 3_600_000;
    };
    expect(lengthFrom('2025-03-29T12:00:00Z')).toBe(7); // Sat night into BST
    expect(lengthFrom('2025-10-25T12:00:00Z')).toBe(9); // Sat night into GMT
    expect(lengthFrom('2025-06-14T12:00:00Z')).toBe(8);
  });
});

describe('opening hours: sessions crossing midnight', () => {
  const lateNight = hours({ weekly: [{ day: 'friday', open: '20:00', close: '02:00' }] });

  it('runs a Friday 20:00-02:00 session into Saturday', () => {
    expect(isOpenAt(lateNight, at('2025-01-17T23:59:00Z'))).toBe(true); // Friday
    expect(isOpenAt(lateNight, at('2025-01-18T01:59:00Z'))).toBe(true); // Saturday
    expect(isOpenAt(lateNight, at('2025-01-18T02:00:00Z'))).toBe(false);
    expect(isOpenAt(lateNight, at('2025-01-17T19:59:00Z'))).toBe(false);
  });

  it('treats close 00:00 and 24:00 alike as midnight', () => {
    for (const close of ['00:00', '24:00']) {
      const s = hours({ weekly: [{ day: 'friday', open: '18:00', close }] });
      expect(nextOpenWindow(s, at('2025-01-17T12:00:00Z'))?.closesAt).toEqual(at('2025-01-18T00:00:00Z'));
    }
  });

  it('merges back-to-back sessions, and a 24/7 service never shows a closing time', () => {
    const split = hours({
      weekly: [
        { day: 'monday', open: '08:00', close: '13:00' },
        { day: 'monday', open: '13:00', close: '18:00' },
      ],
    });
    expect(nextOpenWindow(split, at('2025-01-13T09:00:00Z'))?.closesAt).toEqual(at('2025-01-13T18:00:00Z'));
    expect(nextOpenWindow(hours({ openAllHours: true }), at('2025-01-13T09:00:00Z'))).toEqual({
      opensAt: at('2025-01-13T09:00:00Z'),
      closesAt: null,
      openNow: true,
    });
  });
});

describe('opening hours: precedence specified date > open all hours > bank holiday > weekly', () => {
  const christmas = { year: 2025, month: 12, day: 25 };

  it('a specified date with no sessions closes even a 24/7 service', () => {
    const s = hours({ openAllHours: true, specifiedDates: [{ date: '2025-12-25', sessions: [] }] });
    expect(isOpenAt(s, at('2025-12-25T12:00:00Z'))).toBe(false);
    expect(isOpenAt(s, at('2025-12-24T23:59:00Z'))).toBe(true);
    expect(isOpenAt(s, at('2025-12-26T00:00:00Z'))).toBe(true);
    expect(sessionsForDate(s.openingTimes, christmas, ENGLAND_AND_WALES).source).toBe('specified-date');
  });

  it('a specified date with its own hours replaces the bank holiday sessions', () => {
    const s = hours({
      weekly: weekdays('09:00', '17:00'),
      bankHoliday: [{ open: '10:00', close: '14:00' }],
      specifiedDates: [{ date: '2025-12-25', sessions: [{ open: '11:00', close: '13:00' }] }],
    });
    expect(isOpenAt(s, at('2025-12-25T10:30:00Z'))).toBe(false);
    expect(isOpenAt(s, at('2025-12-25T11:30:00Z'))).toBe(true);
    expect(isOpenAt(s, at('2025-12-26T10:30:00Z'))).toBe(true); // Boxing Day: bank holiday hours
    expect(isOpenAt(s, at('2025-12-26T09:30:00Z'))).toBe(false);
  });

  it('on a bank holiday only bank-holiday sessions apply, so none means closed', () => {
    const s = hours({ weekly: weekdays('09:00', '17:00') });
    expect(isOpenAt(s, at('2025-08-25T10:00:00Z'))).toBe(false); // Summer bank holiday (BST)
    expect(isOpenAt(s, at('2025-08-25T10:00:00Z'), NO_BANK_HOLIDAYS)).toBe(true);
    expect(nextOpenWindow(s, at('2025-08-25T10:00:00Z'))?.opensAt).toEqual(at('2025-08-26T08:00:00Z'));
  });

  it('open all hours beats bank holidays', () => {
    expect(isOpenAt(hours({ openAllHours: true }), at('2025-12-25T03:00:00Z'))).toBe(true);
  });
});

describe('opening hours: next open window', () => {
  it('is null when nothing opens within the horizon', () => {
    expect(nextOpenWindow(hours({}), at('2025-01-13T09:00:00Z'))).toBeNull();
    const closedFortnight = hours({
      weekly: weekdays('09:00', '17:00'),
      specifiedDates: Array.from({ length: 21 }, (_, i) => ({
        date: `2025-01-${String(i + 6).padStart(2, '0')}`,
        sessions: [],
      })),
    });
    expect(nextOpenWindow(closedFortnight, at('2025-01-06T09:00:00Z'))).toBeNull();
    expect(
      nextOpenWindow(closedFortnight, at('2025-01-06T09:00:00Z'), ENGLAND_AND_WALES, 28)?.opensAt,
    ).toEqual(at('2025-01-27T09:00:00Z'));
  });
});

describe('opening hours: property, weekly rota against a wall-clock oracle', () => {
  const time = fc
    .integer({ min: 0, max: 47 })
    .map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
  const session = fc
    .record({ day: fc.constantFrom(...DAYS_OF_WEEK), open: time, close: time })
    .filter((s) => s.open !== s.close);
  const instant = fc.integer({
    min: Date.parse('2025-01-01T00:00Z') / 60_000,
    max: Date.parse('2027-12-31T00:00Z') / 60_000,
  });

  /** Open if a session of today covers the wall time, or one of yesterday runs past midnight into it. */
  function oracle(openingTimes: OpeningTimes, t: number): boolean {
    const local = toLocal(t, 'Europe/London');
    const dayName = (d: typeof local) => DAYS_OF_WEEK[(weekdayOf(d) + 6) % 7];
    const mins = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    const yesterday = dayName({ ...addDays(local, -1), minutes: 0 });
    return openingTimes.weekly.some((s) => {
      const [o, c] = [mins(s.open), mins(s.close)];
      if (s.day === dayName(local) && local.minutes >= o && (c > o ? local.minutes < c : true)) return true;
      return s.day === yesterday && c <= o && local.minutes < c;
    });
  }

  it('isOpenAt agrees with the wall clock on every day but the two clock-change Sundays', () => {
    fc.assert(
      fc.property(fc.array(session, { maxLength: 6 }), instant, (weekly, minute) => {
        const t = minute * 60_000;
        const local = toLocal(t, 'Europe/London');
        const isClockChangeWeekend =
          (local.month === 3 || local.month === 10) && local.day >= 25 && weekdayOf(local) <= 1;
        fc.pre(!isClockChangeWeekend);
        const s = hours({ weekly });
        expect(isOpenAt(s, new Date(t), NO_BANK_HOLIDAYS)).toBe(oracle(s.openingTimes, t));
      }),
      { numRuns: 1000 },
    );
  });

  it('nextOpenWindow is open now exactly when isOpenAt says so, and never opens in the past', () => {
    fc.assert(
      fc.property(fc.array(session, { maxLength: 6 }), instant, (weekly, minute) => {
        const t = new Date(minute * 60_000);
        const s = hours({ weekly });
        const w = nextOpenWindow(s, t, NO_BANK_HOLIDAYS);
        expect(w?.openNow ?? false).toBe(isOpenAt(s, t, NO_BANK_HOLIDAYS));
        if (w) {
          expect(w.opensAt.getTime()).toBeGreaterThanOrEqual(t.getTime());
          expect(isOpenAt(s, w.opensAt, NO_BANK_HOLIDAYS)).toBe(true);
          if (w.closesAt) expect(isOpenAt(s, w.closesAt, NO_BANK_HOLIDAYS)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
