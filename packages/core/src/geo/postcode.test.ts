import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { ensurePostcode, parsePostcode } from './postcode.js';

const GEO_DATA = fileURLToPath(new URL('../../../../../shared/data/geo', import.meta.url));

describe('postcode: normalisation', () => {
  it.each([
    ['M1 1AE', 'M1 1AE'],
    ['m11ae', 'M1 1AE'],
    ['  m1   1ae ', 'M1 1AE'],
    ['sw1a2aa', 'SW1A 2AA'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['W1A 0AX', 'W1A 0AX'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['GIR 0AA', 'GIR 0AA'],
  ])('%j becomes %j', (input, normalised) => {
    const result = parsePostcode(input);
    expect(result.ok && result.value.normalised).toBe(normalised);
  });

  it('splits a full postcode into its parts', () => {
    expect(parsePostcode('sw1a 2aa')).toEqual({
      ok: true,
      value: { outcode: 'SW1A', incode: '2AA', area: 'SW', sector: 'SW1A 2', normalised: 'SW1A 2AA' },
    });
  });

  it('accepts an outward code on its own', () => {
    expect(parsePostcode('m1')).toEqual({
      ok: true,
      value: { outcode: 'M1', incode: null, area: 'M', sector: null, normalised: 'M1' },
    });
    expect(parsePostcode('EC1A')).toMatchObject({ ok: true, value: { outcode: 'EC1A', area: 'EC' } });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['M1-1AE', 'invalid-characters'],
    ['M1 1AÉ', 'invalid-characters'],
    ['M1 1CE', 'invalid-format'], // C never appears in the unit
    ['M1 IAE', 'invalid-format'], // letter I for digit 1
    ['QA1 1AA', 'invalid-format'], // Q never starts an area
    ['AZ1 1AA', 'invalid-format'], // Z never second in an area
    ['M1 1AEX', 'invalid-format'],
    ['1M 1AE', 'invalid-format'],
    ['GIR 1AA', 'invalid-format'],
    ['M', 'invalid-format'],
  ])('rejects %j (%s)', (input, reason) => {
    expect(parsePostcode(input)).toMatchObject({ ok: false, reason, message: expect.any(String) });
  });

  it('ensurePostcode throws E_VALIDATION naming the field', () => {
    expect(() => ensurePostcode('nonsense', 'location.postcode')).toThrowError(LanternError);
    try {
      ensurePostcode('nonsense', 'location.postcode');
    } catch (e) {
      expect((e as LanternError).details[0]?.path).toBe('location.postcode');
    }
  });

  it('normalising is idempotent and ignores case and spacing', () => {
    const letter = fc.constantFrom(...'ABDEFGHJLNPQRSTUWXYZ');
    const postcode = fc
      .tuple(
        fc.constantFrom('M', 'SW', 'B', 'EC', 'LS'),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        letter,
        letter,
      )
      .map(([area, d, s, u1, u2]) => `${area}${d} ${s}${u1}${u2}`)
      .filter((p) => parsePostcode(p).ok);
    fc.assert(
      fc.property(postcode, fc.boolean(), (p, lower) => {
        const typed = (lower ? p.toLowerCase() : p).replace(' ', '');
        const once = parsePostcode(typed);
        expect(once.ok && once.value.normalised).toBe(p);
        expect(parsePostcode(p)).toEqual(once);
      }),
    );
  });
});

describe.skipIf(!existsSync(GEO_DATA))('postcode: real ONS data (shared/data/geo)', () => {
  if (!existsSync(GEO_DATA)) console.warn(`skipping real postcode data tests: ${GEO_DATA} is absent`);

  it('every Manchester postcode in the NSPL extract parses and is already normalised', () => {
    const lines = readFileSync(`${GEO_DATA}/postcodes/M.csv`, 'utf8').trim().split('\n').slice(1);
    expect(lines.length).toBeGreaterThan(50_000);
    const wrong = lines
      .map((line) => line.split(',')[0]!)
      .filter((p) => {
        const r = parsePostcode(p);
        return !(r.ok && r.value.normalised === p && r.value.area === 'M');
      });
    expect(wrong).toEqual([]);
  });

  it('every UK outward code parses except seven long-terminated codes that broke the rules', () => {
    const lines = readFileSync(`${GEO_DATA}/derived/outcode-centroids-from-nspl.csv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(lines.length).toBeGreaterThan(3000);
    const rejected = lines.map((line) => line.split(',')[0]!).filter((o) => !parsePostcode(o).ok);
    expect(rejected.sort()).toEqual(['NPT', 'W1M', 'W1N', 'W1R', 'W1V', 'W1X', 'W1Y']);
  });
});
