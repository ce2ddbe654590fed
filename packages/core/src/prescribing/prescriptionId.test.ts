import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  ensurePrescriptionId,
  generatePrescriptionId,
  isPrescriptionId,
  PRESCRIPTION_ID_CHECK_ALPHABET,
  parsePrescriptionId,
  prescriberOdsSegment,
  prescriptionIdCheckCharacter,
} from './prescriptionId.js';

const EPS_DATA = fileURLToPath(new URL('../../../../../shared/data/eps', import.meta.url));

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

const odsCode = fc.stringMatching(/^[0-9A-Z]{3,6}$/);
const generatedId = fc
  .tuple(odsCode, fc.integer())
  .map(([ods, seed]) => generatePrescriptionId(ods, seededRng(seed)));

describe('prescription ID: MOD 37-2 check character (domain.md §7)', () => {
  it('verifies the published example 24F5DA-A83008-7EFE6Z (check character Z)', () => {
    expect(prescriptionIdCheckCharacter('24F5DA-A83008-7EFE6')).toBe('Z');
    expect(parsePrescriptionId('24F5DA-A83008-7EFE6Z')).toEqual({ ok: true, value: '24F5DA-A83008-7EFE6Z' });
  });

  it('accepts lower case and a missing dash layout, and answers in the canonical form', () => {
    expect(parsePrescriptionId(' 24f5da-a83008-7efe6z ')).toEqual({
      ok: true,
      value: '24F5DA-A83008-7EFE6Z',
    });
    expect(parsePrescriptionId('24F5DAA830087EFE6Z')).toEqual({ ok: true, value: '24F5DA-A83008-7EFE6Z' });
  });

  it.each([
    ['', 'empty'],
    ['24F5DA-A83008-7EFE6', 'format'],
    ['24F5DA-A83008-7EFE6ZZ', 'format'],
    ['24F5DAA-83008-7EFE6Z', 'format'],
    ['24F5D+-A83008-7EFE6Z', 'format'],
    ['24F5DA-A83008-7EFE6Y', 'check-character'],
  ])('rejects %j (%s)', (input, reason) => {
    expect(parsePrescriptionId(input)).toMatchObject({ ok: false, reason, message: expect.any(String) });
  });

  it('uses + as the 37th check value', () => {
    const withPlus = fc.sample(generatedId, 5000).find((id) => id.endsWith('+'));
    expect(withPlus).toBeDefined();
    expect(isPrescriptionId(withPlus)).toBe(true);
    expect(PRESCRIPTION_ID_CHECK_ALPHABET).toHaveLength(37);
  });

  it('ensurePrescriptionId throws E_VALIDATION naming the field', () => {
    expect(() => ensurePrescriptionId('24F5DA-A83008-7EFE6Y', 'groupIdentifier.value')).toThrowError(
      expect.objectContaining({
        code: 'E_VALIDATION',
        details: [expect.objectContaining({ path: 'groupIdentifier.value' })],
      }),
    );
  });
});

describe('prescription ID: generation', () => {
  it('lays out 6 hex, the zero-padded ODS code, 5 hex and the check character', () => {
    const id = generatePrescriptionId('A83008', seededRng(1));
    expect(id).toMatch(/^[0-9A-F]{6}-A83008-[0-9A-F]{5}[0-9A-Z+]$/);
    expect(generatePrescriptionId('rba', seededRng(1))).toMatch(/^[0-9A-F]{6}-000RBA-[0-9A-F]{5}[0-9A-Z+]$/);
    expect(prescriberOdsSegment(generatePrescriptionId('RBA', seededRng(2)))).toBe('RBA');
  });

  it('refuses an ODS code that does not fit six characters', () => {
    expect(() => generatePrescriptionId('A830081')).toThrowError(LanternError);
    expect(() => generatePrescriptionId('A8-30')).toThrowError(LanternError);
  });

  it('uses the cryptographic source by default', () => {
    const ids = new Set(Array.from({ length: 50 }, () => generatePrescriptionId('A83008')));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(isPrescriptionId(id)).toBe(true);
  });
});

describe('prescription ID: properties', () => {
  it('every generated ID validates', () => {
    fc.assert(
      fc.property(generatedId, (id) => {
        expect(parsePrescriptionId(id)).toEqual({ ok: true, value: id });
      }),
    );
  });

  it('a single changed character is detected', () => {
    fc.assert(
      fc.property(
        generatedId,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...PRESCRIPTION_ID_CHECK_ALPHABET),
        (id, position, replacement) => {
          const chars = id.replace(/-/g, '');
          fc.pre(chars[position] !== replacement);
          const mutated = chars.slice(0, position) + replacement + chars.slice(position + 1);
          expect(parsePrescriptionId(mutated).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('swapping two neighbouring different characters is detected', () => {
    fc.assert(
      fc.property(generatedId, fc.integer({ min: 0, max: 16 }), (id, position) => {
        const chars = id.replace(/-/g, '');
        fc.pre(chars[position] !== chars[position + 1]);
        const swapped =
          chars.slice(0, position) + chars[position + 1] + chars[position] + chars.slice(position + 2);
        expect(parsePrescriptionId(swapped).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFilesUnder(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

describe.skipIf(!existsSync(EPS_DATA))('prescription ID: real EPS examples (shared/data/eps)', () => {
  if (!existsSync(EPS_DATA)) console.warn(`skipping real EPS prescription ID tests: ${EPS_DATA} is absent`);

  const SHAPE = /\b[0-9A-F]{6}-[0-9A-Z]{6}-[0-9A-F]{5}[0-9A-Z+]\b/g;
  const INVALID_CHECKSUM_EXAMPLE = '1-Process-Request-Send-400_INVALID_CHECKSUM.json';

  it('every short-form ID in the examples validates, except the one NHS publishes as invalid', () => {
    const found = new Map<string, string>();
    for (const file of jsonFilesUnder(EPS_DATA)) {
      for (const id of readFileSync(file, 'utf8').match(SHAPE) ?? []) found.set(id, file);
    }
    expect(found.size).toBeGreaterThanOrEqual(10);
    const rejected = [...found].filter(([id]) => !parsePrescriptionId(id).ok);
    expect(rejected).toHaveLength(1);
    const [badId, badFile] = rejected[0]!;
    expect(badFile.endsWith(INVALID_CHECKSUM_EXAMPLE)).toBe(true);
    expect(parsePrescriptionId(badId)).toMatchObject({ ok: false, reason: 'check-character' });
  });

  it('the invalid-checksum example is answered by EPS with "prescriptionID has invalid checksum"', () => {
    const response = readFileSync(
      join(EPS_DATA, 'errors/1-Process-Response-Send-400_INVALID_CHECKSUM.json'),
      'utf8',
    );
    expect(response).toContain('prescriptionID has invalid checksum');
  });
});
