import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  ensureNhsNumber,
  formatNhsNumber,
  generateTestNhsNumber,
  isNhsNumber,
  type NhsNumber,
  nhsNumberCheckDigit,
  parseNhsNumber,
} from './nhsNumber.js';

/** A small seeded generator (mulberry32) so property failures replay exactly. */
function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const validNumber = fc.integer().map((seed) => generateTestNhsNumber(seededRng(seed)));

describe('NHS number: Modulus 11 check digit (domain.md §8)', () => {
  it.each(['9000000009', '9449304130', '9990004951', '4010232137'])(
    'accepts %s, a number domain.md checked by hand',
    (n) => {
      expect(parseNhsNumber(n)).toEqual({ ok: true, value: n });
    },
  );

  it('rejects 3478526985, the fictitious BaRS example number, on its check digit', () => {
    expect(parseNhsNumber('3478526985')).toMatchObject({ ok: false, reason: 'check-digit' });
  });

  it('rejects a number whose first nine digits give check digit 10 (never issued)', () => {
    const stem = Array.from({ length: 1000 }, (_, i) => `999${String(i).padStart(6, '0')}`).find(
      (s) => nhsNumberCheckDigit(s) === 10,
    )!;
    for (const last of '0123456789') {
      expect(parseNhsNumber(stem + last)).toMatchObject({ ok: false, reason: 'check-digit-10' });
    }
  });

  it('maps check value 11 to 0', () => {
    expect(nhsNumberCheckDigit('900000000')).toBe(9);
    expect(nhsNumberCheckDigit('000000000')).toBe(0);
  });
});

describe('NHS number: what people type', () => {
  it.each([
    ['943 476 5919', '9434765919'],
    ['943-476-5919', '9434765919'],
    ['  9434765919 ', '9434765919'],
  ])('accepts %j in the 3-3-4 form', (input, value) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['943 476 591X', 'non-digit'],
    ['943.476.5919', 'non-digit'],
    ['943 476 591', 'length'],
    ['94347659190', 'length'],
    ['94 3476 5919', 'format'],
    ['943 476-5919', 'format'],
    ['943  476 5919', 'format'],
  ])('rejects %j as %s', (input, reason) => {
    const result = parseNhsNumber(input);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).not.toBe('');
  });

  it('formats as 3 3 4 and the formatted form parses back', () => {
    const n = ensureNhsNumber('9434765919');
    expect(formatNhsNumber(n)).toBe('943 476 5919');
    expect(parseNhsNumber(formatNhsNumber(n))).toEqual({ ok: true, value: n });
  });

  it('ensureNhsNumber throws E_VALIDATION naming the field', () => {
    try {
      ensureNhsNumber('9434765918', 'patient.nhsNumber');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LanternError);
      const err = e as LanternError;
      expect(err.code).toBe('E_VALIDATION');
      expect(err.details).toEqual([
        { path: 'patient.nhsNumber', message: expect.stringContaining('check digit') },
      ]);
    }
  });

  it('isNhsNumber only admits the canonical ten-digit form', () => {
    expect(isNhsNumber('9434765919')).toBe(true);
    expect(isNhsNumber('943 476 5919')).toBe(false);
    expect(isNhsNumber(9434765919)).toBe(false);
  });
});

describe('NHS number: properties', () => {
  it('every generated test number validates and lies in 999 000 0000 - 999 999 9999', () => {
    fc.assert(
      fc.property(validNumber, (n) => {
        expect(parseNhsNumber(n)).toEqual({ ok: true, value: n });
        expect(n).toMatch(/^999\d{7}$/);
      }),
    );
  });

  it('changing any single digit of a valid number is caught', () => {
    fc.assert(
      fc.property(
        validNumber,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (n: NhsNumber, position, delta) => {
          const changed = (Number(n[position]) + delta) % 10;
          const mutated = n.slice(0, position) + changed + n.slice(position + 1);
          const result = parseNhsNumber(mutated);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['check-digit', 'check-digit-10']).toContain(result.reason);
        },
      ),
    );
  });

  it('the same seed gives the same number', () => {
    expect(generateTestNhsNumber(seededRng(42))).toBe(generateTestNhsNumber(seededRng(42)));
  });

  it('survives an rng that returns the edges 0 and 0.9999', () => {
    // 999 000 000 has no valid check digit, so the stem moves on to 999 000 001.
    expect(generateTestNhsNumber(() => 0)).toBe('9990000018');
    expect(isNhsNumber(generateTestNhsNumber(() => 0.99999))).toBe(true);
  });
});
