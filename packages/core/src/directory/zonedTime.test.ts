import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, formatLocalDate, formatLocalDayTime, toInstant, toLocal, weekdayOf } from './zonedTime.js';

const LONDON = 'Europe/London';
const iso = (ms: number) => new Date(ms).toISOString();

describe('zoned time: Europe/London wall clock', () => {
  it('reads GMT in winter and BST in summer', () => {
    expect(iso(toInstant({ year: 2025, month: 1, day: 15 }, 9 * 60, LONDON))).toBe(
      '2025-01-15T09:00:00.000Z',
    );
    expect(iso(toInstant({ year: 2025, month: 7, day: 15 }, 9 * 60, LONDON))).toBe(
      '2025-07-15T08:00:00.000Z',
    );
    expect(toLocal(Date.parse('2025-07-15T08:00:00Z'), LONDON)).toEqual({
      year: 2025,
      month: 7,
      day: 15,
      minutes: 540,
    });
  });

  it('moves a time that does not exist (spring forward, 30 Mar 2025 01:30) on by the gap', () => {
    expect(iso(toInstant({ year: 2025, month: 3, day: 30 }, 90, LONDON))).toBe('2025-03-30T01:30:00.000Z');
    expect(formatLocalDayTime(Date.parse('2025-03-30T01:30:00Z'), LONDON)).toBe('Sun 30 Mar 02:30');
  });

  it('takes the earlier of a time that happens twice (fall back, 26 Oct 2025 01:30)', () => {
    expect(iso(toInstant({ year: 2025, month: 10, day: 26 }, 90, LONDON))).toBe('2025-10-26T00:30:00.000Z');
  });

  it('makes the clock-change days 23 and 25 hours long', () => {
    const length = (y: number, m: number, d: number) =>
      (toInstant(addDays({ year: y, month: m, day: d }, 1), 0, LONDON) -
        toInstant({ year: y, month: m, day: d }, 0, LONDON)) /
      3_600_000;
    expect(length(2025, 3, 30)).toBe(23);
    expect(length(2025, 10, 26)).toBe(25);
    expect(length(2025, 6, 1)).toBe(24);
  });

  it('treats 24:00 as the next midnight', () => {
    expect(toInstant({ year: 2025, month: 12, day: 31 }, 1440, LONDON)).toBe(
      toInstant({ year: 2026, month: 1, day: 1 }, 0, LONDON),
    );
  });

  it('round-trips every instant to its wall time and back (whole minutes, away from the repeated hour)', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('2024-01-01T00:00Z') / 60_000,
          max: Date.parse('2028-01-01T00:00Z') / 60_000,
        }),
        (minute) => {
          const t = minute * 60_000;
          const local = toLocal(t, LONDON);
          const back = toInstant(local, local.minutes, LONDON);
          // In the repeated autumn hour the earlier instant is chosen, one hour before t.
          expect([0, -3_600_000]).toContain(back - t);
          if (back !== t) expect(local.month).toBe(10);
        },
      ),
    );
  });

  it('knows weekdays and date arithmetic across month and year ends', () => {
    expect(weekdayOf({ year: 2025, month: 12, day: 25 })).toBe(4);
    expect(formatLocalDate(addDays({ year: 2024, month: 12, day: 31 }, 1))).toBe('2025-01-01');
    expect(formatLocalDate(addDays({ year: 2024, month: 3, day: 1 }, -1))).toBe('2024-02-29');
  });
});
