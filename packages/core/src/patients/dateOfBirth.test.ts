import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { ageOn, EARLIEST_BIRTH_DATE, ensureDateOfBirth, parseDateOfBirth, ukToday } from './dateOfBirth.js';

const TODAY = '2026-11-29';

describe('date of birth: impossible dates are refused with a reason a call handler can act on', () => {
  it.each([
    ['', 'empty'],
    ['14/03/1950', 'format'],
    ['1950-3-14', 'format'],
    ['1950-02-30', 'no-such-day'],
    ['2023-02-29', 'no-such-day'],
    ['1950-13-01', 'no-such-day'],
    ['1950-00-10', 'no-such-day'],
    ['1879-12-31', 'too-early'],
    ['1850-06-01', 'too-early'],
    ['2026-11-30', 'future'],
    ['2062-01-01', 'future'],
  ])('%j is %s', (input, reason) => {
    const result = parseDateOfBirth(input, TODAY);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it.each(['1880-01-01', '1950-03-14', '2024-02-29', '2000-02-29', TODAY])('accepts %s', (d) => {
    expect(parseDateOfBirth(d, TODAY)).toEqual({ ok: true, value: d });
  });

  it('a baby born today is born today, not in the future', () => {
    expect(parseDateOfBirth(TODAY, TODAY).ok).toBe(true);
  });

  it('without today, only the calendar and the 1880 floor are checked (stored events)', () => {
    expect(parseDateOfBirth('2099-01-01').ok).toBe(true);
    expect(parseDateOfBirth('1879-01-01').ok).toBe(false);
  });

  it('ensureDateOfBirth throws E_VALIDATION naming the field', () => {
    try {
      ensureDateOfBirth('2030-01-01', TODAY, 'demographics.birthDate');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LanternError);
      expect((e as LanternError).details[0]).toMatchObject({ path: 'demographics.birthDate' });
    }
  });

  it('every real day from 1880 to today is accepted; every later day refused (property)', () => {
    const start = Date.parse(`${EARLIEST_BIRTH_DATE}T00:00:00Z`);
    const end = Date.parse(`${TODAY}T00:00:00Z`);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (end - start) / 86_400_000 + 3000 }), (days) => {
        const d = new Date(start + days * 86_400_000).toISOString().slice(0, 10);
        expect(parseDateOfBirth(d, TODAY).ok).toBe(d <= TODAY);
      }),
    );
  });
});

describe('the UK date and age', () => {
  it('just after midnight in London in summer, the UK date is already tomorrow', () => {
    expect(ukToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(ukToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('age in whole years; a leap-day birthday ages on 1 March in other years', () => {
    expect(ageOn('1950-03-14', '2026-03-13')).toBe(75);
    expect(ageOn('1950-03-14', '2026-03-14')).toBe(76);
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
  });
});
