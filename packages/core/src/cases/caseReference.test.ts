import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  CASE_REFERENCE_ALPHABET,
  caseReference,
  ensureCaseReference,
  parseCaseReference,
} from './caseReference.js';

const SHAPE = new RegExp(`^LNT-[${CASE_REFERENCE_ALPHABET}]{5}-[${CASE_REFERENCE_ALPHABET}]{5}$`);

/** A small seeded generator (mulberry32) so a failure replays exactly. */
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

const body = (ref: string) => ref.replace(/^LNT-/, '').replace('-', '');
const withBody = (chars: string) => `LNT-${chars.slice(0, 5)}-${chars.slice(5)}`;

describe('case reference: what people see', () => {
  it('looks like LNT-XXXXX-XXXXX and never uses 0, O, 1, I or L after the prefix', () => {
    expect(CASE_REFERENCE_ALPHABET).toHaveLength(31);
    expect(CASE_REFERENCE_ALPHABET).not.toMatch(/[0O1IL]/);
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const ref = caseReference(id);
        expect(ref).toMatch(SHAPE);
      }),
    );
  });

  it('is the same for the same case, in any letter case', () => {
    const id = '0193a0e4-7b1c-7def-8abc-0123456789ab';
    expect(caseReference(id)).toBe(caseReference(id.toUpperCase()));
    expect(caseReference(id)).toMatchInlineSnapshot(`"LNT-2NZK7-QF3ST"`);
  });

  it('refuses anything but a UUID', () => {
    expect(() => caseReference('case-42')).toThrow(LanternError);
  });

  it('reads it back however it is typed', () => {
    const ref = caseReference('0193a0e4-7b1c-7def-8abc-0123456789ab');
    const chars = body(ref);
    for (const typed of [
      ref,
      ref.toLowerCase(),
      chars,
      `lnt ${chars.slice(0, 5)} ${chars.slice(5)}`,
      ` LNT${chars} `,
    ]) {
      expect(parseCaseReference(typed)).toEqual({ ok: true, value: ref });
    }
  });

  it.each([
    ['', 'empty'],
    ['LNT-2NZK7-QF3S0', 'confusable'],
    ['LNT-2NZK7-QFOST', 'confusable'],
    ['LNT-2NZK7-QF3S', 'length'],
    ['ABC-2NZK7-QF3ST', 'prefix'],
    ['LNT-2NZK7-QF3ST!', 'invalid-characters'],
    ['LNT-2NZK7-QF3SU', 'check'],
  ])('refuses %j (%s)', (input, reason) => {
    const result = parseCaseReference(input);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message).not.toBe('');
  });

  it('ensureCaseReference throws E_VALIDATION naming the field', () => {
    expect(() => ensureCaseReference('LNT-2NZK7-QF3SU', 'q')).toThrow(
      expect.objectContaining({
        code: 'E_VALIDATION',
        details: [{ path: 'q', message: expect.any(String) }],
      }),
    );
  });
});

describe('case reference: properties', () => {
  it('every reference parses back to itself', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const ref = caseReference(id);
        expect(parseCaseReference(ref)).toEqual({ ok: true, value: ref });
      }),
    );
  });

  it('the check character catches every single wrong character', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(9), fc.integer({ min: 1, max: 30 }), (id, position, shift) => {
        const chars = body(caseReference(id));
        const was = CASE_REFERENCE_ALPHABET.indexOf(chars[position]!);
        const typo = CASE_REFERENCE_ALPHABET[(was + shift) % CASE_REFERENCE_ALPHABET.length]!;
        const mistyped = chars.slice(0, position) + typo + chars.slice(position + 1);
        expect(parseCaseReference(withBody(mistyped))).toMatchObject({ ok: false, reason: 'check' });
      }),
      { numRuns: 2000 },
    );
  });

  it('the check character catches two characters swapped, next to each other or not', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.nat(9), fc.nat(9), (id, i, j) => {
        const chars = [...body(caseReference(id))];
        fc.pre(chars[i] !== chars[j]);
        [chars[i], chars[j]] = [chars[j]!, chars[i]!];
        expect(parseCaseReference(withBody(chars.join('')))).toMatchObject({ ok: false, reason: 'check' });
      }),
      { numRuns: 2000 },
    );
  });

  it('no two of 100 000 UUIDv7s made within the same few milliseconds share a reference', () => {
    // The worst case for a reference read straight from the id: the same timestamp, a counter,
    // and random bits from one seeded source. SHA-256 spreads them; 31^9 makes a shared
    // reference about a 1-in-5 000 event at this size, and the seed makes this test repeatable.
    const rng = seededRng(20251129);
    const msecs = Date.parse('2025-11-29T18:00:00Z');
    const seen = new Map<string, string>();
    const shared: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const random = Uint8Array.from({ length: 16 }, () => Math.floor(rng() * 256));
      const id = uuidv7({ msecs: msecs + Math.floor(i / 25_000), seq: i, random });
      const ref = caseReference(id);
      const other = seen.get(ref);
      if (other !== undefined) shared.push(`${other} and ${id} share ${ref}`);
      seen.set(ref, id);
    }
    expect(shared).toEqual([]);
    expect(new Set(seen.values()).size).toBe(100_000);
  });
});
