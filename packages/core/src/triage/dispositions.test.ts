import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  compareSeverity,
  DISPOSITIONS,
  type Disposition,
  getDisposition,
  isAtLeast,
  mostUrgent,
  SKILLSETS,
} from './dispositions.js';

// The public Dx codes listed in domain.md §2.2; any other Dx code would be an invention.
const PUBLIC_DX_CODES = new Set([
  'Dx0122',
  'Dx02',
  'Dx05',
  'Dx06',
  'Dx07',
  'Dx08',
  'Dx09',
  'Dx10',
  'Dx11',
  'Dx12',
  'Dx13',
  'Dx14',
  'Dx15',
  'Dx17',
  'Dx75',
  'Dx80',
  'Dx81',
  'Dx85',
  'Dx86',
  'Dx87',
  'Dx92',
  'Dx110',
  'Dx111',
  'Dx112',
  'Dx113',
  'Dx114',
  'Dx115',
  'Dx117',
  'Dx120',
]);

/** The written ordering rule: ambulance first, then shorter timeframe, then more acute skillset. */
function ruleSaysMoreUrgent(a: Disposition, b: Disposition): boolean {
  const amb = (d: Disposition) => (d.skillset === 'ambulance' ? 0 : 1);
  if (amb(a) !== amb(b)) return amb(a) < amb(b);
  const time = (d: Disposition) => d.timeframeMinutes ?? Number.POSITIVE_INFINITY;
  if (time(a) !== time(b)) return time(a) < time(b);
  return SKILLSETS.indexOf(a.skillset) < SKILLSETS.indexOf(b.skillset);
}

describe('the disposition catalogue', () => {
  it('has unique codes and unique severity ranks', () => {
    expect(new Set(DISPOSITIONS.map((d) => d.code)).size).toBe(DISPOSITIONS.length);
    expect(new Set(DISPOSITIONS.map((d) => d.severityRank)).size).toBe(DISPOSITIONS.length);
  });

  it('uses only public Dx codes from domain.md, and LX- codes for everything else', () => {
    for (const d of DISPOSITIONS) {
      if (d.codeSystem === 'pathways-dx') expect(PUBLIC_DX_CODES.has(d.code), d.code).toBe(true);
      else expect(d.code.startsWith('LX-'), d.code).toBe(true);
    }
  });

  it('gives an ambulance category exactly to ambulance dispositions, C1 to C4 in rank order', () => {
    for (const d of DISPOSITIONS)
      expect(d.ambulanceCategory !== null, d.code).toBe(d.skillset === 'ambulance');
    const ambulances = DISPOSITIONS.filter((d) => d.skillset === 'ambulance').map((d) => d.ambulanceCategory);
    expect(ambulances).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(getDisposition('Dx0122').ambulanceCategory).toBe('C3');
  });

  it('orders severity by the written rule: ambulance, then timeframe, then skillset', () => {
    for (const a of DISPOSITIONS) {
      for (const b of DISPOSITIONS) {
        if (ruleSaysMoreUrgent(a, b))
          expect(a.severityRank, `${a.code} should outrank ${b.code}`).toBeGreaterThan(b.severityRank);
      }
    }
  });

  it('gives every disposition care advice and worsening advice', () => {
    for (const d of DISPOSITIONS) {
      expect(d.worseningAdvice.length, d.code).toBeGreaterThan(0);
      if (d.skillset !== 'self-care') expect(d.careAdvice.length, d.code).toBeGreaterThan(0);
    }
  });
});

describe('"at least disposition X"', () => {
  it('treats any ambulance as at least an emergency department within 1 hour', () => {
    expect(isAtLeast('LX-AMB-C4', 'LX-ED-1H')).toBe(true);
    expect(isAtLeast('LX-ED-1H', 'LX-AMB-C4')).toBe(false);
  });

  it('picks the most urgent of several codes', () => {
    expect(mostUrgent(['Dx13', 'LX-ED-4H', 'Dx05'])).toBe('Dx05');
    expect(mostUrgent(['LX-SELF-CARE'])).toBe('LX-SELF-CARE');
    expect(compareSeverity('LX-AMB-C1', 'LX-AMB-C2')).toBeGreaterThan(0);
  });

  it('treats Dx11 and Dx110 as different codes (opaque strings)', () => {
    expect(getDisposition('Dx11').skillset).toBe('primary-care-callback');
    expect(getDisposition('Dx110').skillset).toBe('community-nursing');
  });

  it('refuses an unknown code with a validation error naming it', () => {
    expect(() => getDisposition('Dx011', 'newCode')).toThrowError(LanternError);
    try {
      getDisposition('Dx011', 'newCode');
    } catch (e) {
      expect((e as LanternError).details).toEqual([
        { path: 'newCode', message: 'Dx011 is not in the disposition catalogue' },
      ]);
    }
  });
});
