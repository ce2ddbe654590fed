/**
 * The search over real data: 631 Greater Manchester pharmacies with their 2025 opening
 * hours (Trafford Data Lab, NHSBSA list; shared/data/geo/greater-manchester). The question
 * is a real 111 one: on a Sunday evening, which pharmacies can the patient reach before the
 * disposition's deadline? An independent reading of the same hours must agree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haversineKm } from '../geo/distance.js';
import { GridIndex } from '../geo/gridIndex.js';
import { parsePostcode } from '../geo/postcode.js';
import { ENGLAND_AND_WALES, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bankHolidays.js';
import { isOpenAt, nextOpenWindow } from './openingHours.js';
import { searchServices } from './searchServices.js';
import { ageRangeInYears, DAYS_OF_WEEK, type Service, ServiceSchema, type WeeklySession } from './service.js';

const GEOJSON = fileURLToPath(
  new URL(
    '../../../../../shared/data/geo/greater-manchester/pharmacies/gm_pharmacies.geojson',
    import.meta.url,
  ),
);

interface PharmacyFeature {
  properties: Record<string, string>;
  geometry: { coordinates: [number, number] };
}

/** "08:30-13:00,14:00-17:30" or "CLOSED"; null when the text is malformed. */
function parseDay(day: (typeof DAYS_OF_WEEK)[number], text: string): WeeklySession[] | null {
  if (text === 'CLOSED') return [];
  const sessions = text.split(',').map((part) => /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(part));
  if (sessions.some((m) => m === null)) return null;
  return sessions.map((m) => ({ day, open: m![1]!, close: m![2]! }));
}

function loadPharmacies(): { services: Service[]; malformed: string[] } {
  const features = (JSON.parse(readFileSync(GEOJSON, 'utf8')) as { features: PharmacyFeature[] }).features;
  const services: Service[] = [];
  const malformed: string[] = [];
  for (const { properties: p, geometry } of features) {
    const weekly = DAYS_OF_WEEK.map((day) => parseDay(day, p[`opening_hours_${day}`] ?? 'CLOSED'));
    const postcode = parsePostcode(p['postcode'] ?? '');
    if (weekly.some((d) => d === null) || !postcode.ok || postcode.value.incode === null) {
      malformed.push(p['organisation_data_service_code'] ?? '?');
      continue;
    }
    services.push(
      ServiceSchema.parse({
        id: p['organisation_data_service_code'],
        name: p['pharmacy_name'],
        type: 'pharmacy',
        status: 'active',
        odsCode: p['organisation_data_service_code'],
        location: {
          lat: geometry.coordinates[1],
          lon: geometry.coordinates[0],
          postcode: postcode.value.normalised,
        },
        openingTimes: { weekly: weekly.flat() },
        dispositions: ['Dx85'],
        symptomProfiles: [{ symptomGroup: 1206, symptomDiscriminators: [] }],
        ageRanges: [ageRangeInYears(0, 129)],
        sexes: ['M', 'F', 'I'],
        capacity: { status: 'green' },
        referral: { roles: ['111-health-advisor'] },
      }),
    );
  }
  return { services, malformed };
}

describe.skipIf(!existsSync(GEOJSON))('directory search over real Greater Manchester pharmacies', () => {
  if (!existsSync(GEOJSON))
    console.warn(`skipping Greater Manchester pharmacy search tests: ${GEOJSON} is absent`);

  const { services, malformed } = existsSync(GEOJSON) ? loadPharmacies() : { services: [], malformed: [] };
  const m1 = { lat: 53.48348, lon: -2.23118 }; // M1 1AE

  it('reads every pharmacy but the few whose hours are malformed upstream (e.g. "09:00-13:00:14:00-18:00")', () => {
    expect(services.length).toBeGreaterThan(600);
    expect(malformed.length).toBeLessThanOrEqual(5);
  });

  it.each([
    ['Sunday 21:00 BST, Dx timeframe 12 h', '2025-06-15T20:00:00Z', 720],
    ['Wednesday 18:40 GMT, Dx timeframe 1 h', '2025-01-15T18:40:00Z', 60],
    ['Christmas Day 10:00, Dx timeframe 6 h', '2025-12-25T10:00:00Z', 360],
  ])(
    '%s: offers the nearest pharmacies an independent reading of the hours allows',
    (_name, when, timeframe) => {
      const searchTime = new Date(when);
      const result = searchServices({
        services,
        disposition: { code: 'Dx85', timeframeMinutes: timeframe },
        symptoms: { symptomGroup: 1206 },
        patient: { ageYears: 40, sex: 'M' },
        location: m1,
        searchTime,
        bankHolidays: ENGLAND_AND_WALES_BANK_HOLIDAYS,
      });

      const windowEnd = searchTime.getTime() + (timeframe > 60 ? timeframe - 60 : timeframe) * 60_000;
      const reachable = (s: Service) => {
        let w = nextOpenWindow(s, searchTime);
        if (w?.openNow && w.closesAt && w.closesAt.getTime() - searchTime.getTime() < 30 * 60_000) {
          w = nextOpenWindow(s, w.closesAt);
        }
        return w !== null && w.opensAt.getTime() <= windowEnd;
      };
      const expected = services
        .filter((s) => haversineKm(m1, s.location) <= 60 && reachable(s))
        .sort((a, b) => haversineKm(m1, a.location) - haversineKm(m1, b.location))
        .slice(0, 2)
        .map((s) => s.id);

      if (expected.length === 0) expect(result.catchAll).toBe(true);
      else expect(result.services.map((s) => s.service.id)).toEqual(expected);
      expect(result.excluded.length + result.services.length).toBe(services.length);
    },
  );

  it('agrees with GridIndex on the nearest pharmacies to Piccadilly', () => {
    const index = new GridIndex(services, (s) => s.location);
    const linear = [...services]
      .sort((a, b) => haversineKm(m1, a.location) - haversineKm(m1, b.location))
      .slice(0, 5);
    expect(index.nearest(m1, 5).map((n) => n.item.id)).toEqual(linear.map((s) => s.id));
  });

  it('reads a pharmacy opening 08:30 as 08:30 GMT in winter and 07:30 UTC in summer', () => {
    const a1 = services.find((s) => s.id === 'FM664')!; // A1 Pharmacy, Bolton: Mon 08:30-13:00
    expect(isOpenAt(a1, new Date('2025-01-13T08:29:00Z'), ENGLAND_AND_WALES)).toBe(false);
    expect(isOpenAt(a1, new Date('2025-01-13T08:30:00Z'), ENGLAND_AND_WALES)).toBe(true);
    expect(isOpenAt(a1, new Date('2025-07-14T07:30:00Z'), ENGLAND_AND_WALES)).toBe(true);
  });
});
