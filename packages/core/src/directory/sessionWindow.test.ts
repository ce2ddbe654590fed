import { describe, expect, it } from 'vitest';
import { checkSessionTimes, isOpenOrOpeningWithin, sessionWindowMinutes } from './sessionWindow.js';

describe('session-time window from the disposition timeframe (domain.md §4.3)', () => {
  it.each([
    [null, 60],
    [0, 60],
    [1, 30],
    [30, 30],
    [31, 31],
    [60, 60],
    [61, 1],
    [120, 60],
    [720, 660],
  ])('timeframe %s minutes looks %i minutes ahead', (timeframe, minutes) => {
    expect(sessionWindowMinutes(timeframe)).toBe(minutes);
  });

  it('refuses a negative or fractional timeframe', () => {
    expect(() => sessionWindowMinutes(-5)).toThrowError(RangeError);
    expect(() => sessionWindowMinutes(1.5)).toThrowError(RangeError);
  });
});

describe('session-time checks on open intervals', () => {
  const min = 60_000;
  const search = 1_000 * min;

  it('counts a session that closes exactly at the search time as open in the window, but closing within 30 minutes', () => {
    expect(checkSessionTimes([{ start: 0, end: search }], search, search + 60 * min)).toEqual({
      ok: false,
      rule: 'closing-within-30-minutes',
      closesAt: search,
    });
  });

  it('counts a session that opens exactly at the window end', () => {
    const opening = { start: search + 60 * min, end: search + 600 * min };
    expect(checkSessionTimes([opening], search, search + 60 * min)).toEqual({ ok: true, interval: opening });
    expect(checkSessionTimes([opening], search, search + 59 * min)).toEqual({
      ok: false,
      rule: 'session-time',
    });
  });

  it('allows closing exactly 30 minutes after the search, and uses a later reopening if one is in the window', () => {
    expect(checkSessionTimes([{ start: 0, end: search + 30 * min }], search, search + 60 * min).ok).toBe(
      true,
    );
    const lunch = [
      { start: 0, end: search + 20 * min },
      { start: search + 50 * min, end: search + 300 * min },
    ];
    expect(checkSessionTimes(lunch, search, search + 60 * min)).toEqual({ ok: true, interval: lunch[1] });
  });

  it('return-only-if-open: open now, or opening within the minutes given', () => {
    const later = [{ start: search + 15 * min, end: search + 100 * min }];
    expect(isOpenOrOpeningWithin(later, search, 0)).toBe(false);
    expect(isOpenOrOpeningWithin(later, search, 15)).toBe(true);
    expect(isOpenOrOpeningWithin([{ start: 0, end: search }], search, 30)).toBe(false);
  });
});
