/**
 * One scenario per Directory of Services rule (domain.md §4.3). The patient is a 34-year-old
 * woman registered at practice P84001, searching from M1 1AE on Wednesday 11 June 2025 at
 * 10:00 BST, disposition Dx05 (timeframe 2 hours), symptom group 1011 with SD 4003.
 */
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bankHolidays.js';
import { type DirectorySearch, type DirectorySearchResult, searchServices } from './searchServices.js';
import { ageRangeInYears, DAYS_OF_WEEK, type Service, type ServiceInput, ServiceSchema } from './service.js';

const HERE = { lat: 53.48348, lon: -2.23118 }; // M1 1AE
const KM_PER_DEG_LAT = 111.195;
const WEDNESDAY_10AM = new Date('2025-06-11T09:00:00Z');

const north = (km: number) => ({ lat: HERE.lat + km / KM_PER_DEG_LAT, lon: HERE.lon, postcode: 'M1 1AE' });
const daily = (open: string, close: string) => ({
  weekly: DAYS_OF_WEEK.map((day) => ({ day, open, close })),
});

function aService(id: string, overrides: Partial<ServiceInput> = {}): Service {
  return ServiceSchema.parse({
    id,
    name: `Service ${id}`,
    type: 'urgent-treatment-centre',
    status: 'active',
    location: north(1),
    openingTimes: { openAllHours: true },
    dispositions: ['Dx05'],
    symptomProfiles: [{ symptomGroup: 1011, symptomDiscriminators: [4003, 4076] }],
    ageRanges: [ageRangeInYears(0, 129)],
    sexes: ['M', 'F', 'I'],
    capacity: { status: 'green' },
    referral: { roles: ['111-health-advisor', '111-clinician'] },
    ...overrides,
  });
}

function search(services: Service[], overrides: Partial<DirectorySearch> = {}): DirectorySearchResult {
  return searchServices({
    services,
    disposition: { code: 'Dx05', timeframeMinutes: 120 },
    symptoms: { symptomGroup: 1011, symptomDiscriminators: [4003] },
    patient: { ageYears: 34, sex: 'F', gpOdsCode: 'P84001' },
    location: HERE,
    searchTime: WEDNESDAY_10AM,
    bankHolidays: ENGLAND_AND_WALES_BANK_HOLIDAYS,
    ...overrides,
  });
}

const ids = (r: DirectorySearchResult) => r.services.map((s) => s.service.id);
const exclusion = (r: DirectorySearchResult, id: string) => r.excluded.find((e) => e.serviceId === id);
const ed = (id: string, km: number, overrides: Partial<ServiceInput> = {}) =>
  aService(id, { type: 'emergency-department', location: north(km), symptomProfiles: [], ...overrides });

describe('rule: only active services', () => {
  it('leaves out services being commissioned or closed', () => {
    const r = search([
      aService('a'),
      aService('b', { status: 'commissioning' }),
      aService('c', { status: 'closed' }),
    ]);
    expect(ids(r)).toEqual(['a']);
    expect(exclusion(r, 'b')).toMatchObject({
      rule: 'status',
      gap: false,
      details: ['Status is commissioning'],
    });
  });
});

describe('rule: inside the search square', () => {
  it('uses the national 60 km by default, as a square rather than a circle', () => {
    const corner = aService('corner', {
      location: {
        lat: HERE.lat + 55 / KM_PER_DEG_LAT,
        lon: HERE.lon + 55 / (KM_PER_DEG_LAT * Math.cos((53.98 * Math.PI) / 180)),
        postcode: 'M1 1AE',
      },
    });
    const r = search([
      aService('59', { location: north(59) }),
      aService('61', { location: north(61) }),
      corner,
    ]);
    expect(r.searchDistance).toEqual({ km: 60, source: 'national' });
    expect(ids(r)).toEqual(expect.arrayContaining(['59', 'corner']));
    expect(r.services.find((s) => s.service.id === 'corner')!.distanceKm).toBeGreaterThan(60);
    expect(exclusion(r, '61')).toMatchObject({ rule: 'distance' });
  });

  it('prefers a stored district distance to the requested one', () => {
    const services = [aService('5', { location: north(5) }), aService('15', { location: north(15) })];
    const r = search(services, {
      options: { searchDistance: { storedKm: { district: 10 }, requestedKm: 50 } },
    });
    expect(r.searchDistance).toEqual({ km: 10, source: 'district' });
    expect(ids(r)).toEqual(['5']);
  });
});

describe('rule: profiled for the symptom group', () => {
  it('leaves out services not profiled for the SG', () => {
    const r = search([
      aService('a'),
      aService('b', { symptomProfiles: [{ symptomGroup: 1012, symptomDiscriminators: [4003] }] }),
    ]);
    expect(ids(r)).toEqual(['a']);
    expect(exclusion(r, 'b')?.rule).toBe('symptom-group');
  });

  it('matches nothing without an SG, so the catch-all answers, with a warning', () => {
    const r = search([aService('a'), ed('ed', 3)], { symptoms: { symptomGroup: null } });
    expect(r.catchAll).toBe(true);
    expect(r.warnings).toContain('No symptom group was given, so only the catch-all can answer');
  });
});

describe('rule: sex', () => {
  it('leaves out services for the other sex and services with no sex profile', () => {
    const r = search([aService('any'), aService('men', { sexes: ['M'] }), aService('none', { sexes: [] })]);
    expect(ids(r)).toEqual(['any']);
    expect(exclusion(r, 'men')?.rule).toBe('sex');
    expect(exclusion(r, 'none')?.details).toEqual(['Has no sex profile']);
  });

  it('searches as I (indeterminate) when the sex is not given', () => {
    const r = search([aService('fm', { sexes: ['F', 'M'] }), aService('i', { sexes: ['I'] })], {
      patient: { ageYears: 34 },
    });
    expect(ids(r)).toEqual(['i']);
  });
});

describe('rule: restricted services only for patients of commissioning practices', () => {
  const restricted = (id: string, gps: string[]) =>
    aService(id, { referral: { restricted: true, commissioningGpOdsCodes: gps, roles: ['111-clinician'] } });

  it("returns a restricted service only when the patient's GP commissions it", () => {
    const r = search([restricted('ours', ['P84001']), restricted('theirs', ['P84999'])]);
    expect(ids(r)).toEqual(['ours']);
    expect(exclusion(r, 'theirs')?.rule).toBe('restricted-referral');
  });

  it('leaves restricted services out when no GP practice is known', () => {
    const r = search([restricted('ours', ['P84001']), aService('open')], {
      patient: { ageYears: 34, sex: 'F' },
    });
    expect(ids(r)).toEqual(['open']);
  });
});

describe('rule: capacity not red, honouring the automatic reset', () => {
  it('leaves out red, keeps amber, and brings back a red whose reset time has passed', () => {
    const r = search([
      aService('red', { capacity: { status: 'red', resetsAt: '2025-06-11T10:30:00+01:00' } }),
      aService('amber', { capacity: { status: 'amber' } }),
      aService('lapsed', { capacity: { status: 'red', resetsAt: '2025-06-11T09:45:00+01:00' } }),
    ]);
    expect(ids(r).sort()).toEqual(['amber', 'lapsed']);
    expect(exclusion(r, 'red')).toMatchObject({ rule: 'capacity', gap: true });
    const lapsed = r.services.find((s) => s.service.id === 'lapsed')!;
    expect(lapsed.capacity).toBe('green');
    expect(lapsed.reasons).toContain('Capacity green (was red, reset to green automatically)');
  });
});

describe('rule: profiled for every requested symptom discriminator', () => {
  it('needs all SDs, ignoring duplicates', () => {
    const only4003 = aService('only4003', {
      symptomProfiles: [{ symptomGroup: 1011, symptomDiscriminators: [4003] }],
    });
    const r = search([aService('both'), only4003], {
      symptoms: { symptomGroup: 1011, symptomDiscriminators: [4003, 4076, 4003] },
    });
    expect(ids(r)).toEqual(['both']);
    expect(exclusion(r, 'only4003')).toMatchObject({
      rule: 'symptom-discriminators',
      details: ['Not profiled for SD 4076'],
    });
  });

  it('drops requested SDs that are not valid with the SG', () => {
    const only4003 = aService('only4003', {
      symptomProfiles: [{ symptomGroup: 1011, symptomDiscriminators: [4003] }],
    });
    const r = search([only4003], {
      symptoms: { symptomGroup: 1011, symptomDiscriminators: [4003, 9999] },
      options: { validSymptomDiscriminators: new Map([[1011, new Set([4003, 4076])]]) },
    });
    expect(ids(r)).toEqual(['only4003']);
  });
});

describe('rule: disposition match', () => {
  it('leaves out services that do not take the Dx; a null Dx matches any service', () => {
    const services = [aService('dx05'), aService('dx06', { dispositions: ['Dx06'] })];
    expect(ids(search(services))).toEqual(['dx05']);
    expect(exclusion(search(services), 'dx06')?.rule).toBe('disposition');
    expect(ids(search(services, { disposition: { code: null, timeframeMinutes: 120 } })).sort()).toEqual([
      'dx05',
      'dx06',
    ]);
  });
});

describe('rule: referral role', () => {
  it("checks the searcher's role when one is given; services with no roles never match", () => {
    const services = [
      aService('both'),
      aService('clinicians', { referral: { roles: ['111-clinician'] } }),
      aService('nobody', { referral: { roles: [] } }),
    ];
    const r = search(services, { options: { referralRole: '111-health-advisor' } });
    expect(ids(r)).toEqual(['both']);
    expect(exclusion(r, 'clinicians')?.rule).toBe('referral-role');
    expect(exclusion(r, 'nobody')?.rule).toBe('referral-role');
    const noRoleGiven = search(services, { options: { perTypeLimits: { 'urgent-treatment-centre': 3 } } });
    expect(ids(noRoleGiven).sort()).toEqual(['both', 'clinicians', 'nobody']);
  });
});

describe('rule: age range', () => {
  const children = aService('children', { ageRanges: [ageRangeInYears(0, 15)] });
  const neonates = aService('neonates', { ageRanges: [{ fromDays: 0, toDays: 27 }] });

  it('leaves out services for other ages', () => {
    const r = search([aService('all'), children]);
    expect(ids(r)).toEqual(['all']);
    expect(exclusion(r, 'children')).toMatchObject({
      rule: 'age',
      details: ['Does not see patients aged 12418 days'],
    });
  });

  it('uses the exact age in days for a baby, else years x 365.25 rounded down', () => {
    expect(
      ids(search([neonates, children], { patient: { ageYears: 0, ageDays: 10, sex: 'F' } })).sort(),
    ).toEqual(['children', 'neonates']);
    expect(ids(search([neonates, children], { patient: { ageYears: 2, sex: 'F' } }))).toEqual(['children']);
  });
});

describe('rule: open within the session-time window set by the disposition timeframe', () => {
  const opensAt1130 = aService('1130', { openingTimes: daily('11:30', '20:00') });

  it('2-hour timeframe looks ahead 1 hour: a service opening at 11:30 is not offered at 10:00', () => {
    const r = search([opensAt1130]);
    expect(r.sessionWindow).toEqual({ from: WEDNESDAY_10AM, to: new Date('2025-06-11T10:00:00Z') });
    expect(exclusion(r, '1130')).toMatchObject({
      rule: 'session-time',
      details: ['Not open at any time in 10:00-11:00'],
    });
  });

  it('3-hour timeframe looks ahead 2 hours: it is offered, opening at 11:30', () => {
    const r = search([opensAt1130], { disposition: { code: 'Dx05', timeframeMinutes: 180 } });
    expect(r.services[0]?.reasons).toContain('Opens at 11:30, within the session-time window 10:00-12:00');
    expect(r.services[0]?.opening).toEqual({
      opensAt: new Date('2025-06-11T10:30:00Z'),
      closesAt: new Date('2025-06-11T19:00:00Z'),
      openNow: false,
    });
  });

  it('null and 0 timeframes look ahead 60 minutes, 1-30 look ahead 30', () => {
    const opensAt1045 = aService('1045', { openingTimes: daily('10:45', '20:00') });
    expect(ids(search([opensAt1045], { disposition: { code: 'Dx05', timeframeMinutes: null } }))).toEqual([
      '1045',
    ]);
    expect(ids(search([opensAt1045], { disposition: { code: 'Dx05', timeframeMinutes: 0 } }))).toEqual([
      '1045',
    ]);
    expect(ids(search([opensAt1045], { disposition: { code: 'Dx05', timeframeMinutes: 20 } }))).toEqual([]);
  });

  it('reads hours in London time and honours bank holidays', () => {
    const weekdaysOnly = aService('weekdays', {
      openingTimes: {
        weekly: DAYS_OF_WEEK.slice(0, 5).map((day) => ({ day, open: '08:00', close: '18:00' })),
      },
    });
    const bankHolidayToo = aService('bh', {
      openingTimes: { ...daily('08:00', '18:00'), bankHoliday: [{ open: '09:00', close: '13:00' }] },
    });
    const summerBankHoliday = new Date('2025-08-25T09:00:00Z'); // Monday 10:00 BST
    const r = search([weekdaysOnly, bankHolidayToo], { searchTime: summerBankHoliday });
    expect(ids(r)).toEqual(['bh']);
    expect(exclusion(r, 'weekdays')?.rule).toBe('session-time');
  });
});

describe('rule: not closing within 30 minutes', () => {
  it('leaves out a service closing at 10:20, keeps one closing at 10:30', () => {
    const r = search([
      aService('1020', { openingTimes: daily('08:00', '10:20') }),
      aService('1030', { openingTimes: daily('08:00', '10:30') }),
    ]);
    expect(ids(r)).toEqual(['1030']);
    expect(exclusion(r, '1020')).toMatchObject({
      rule: 'closing-within-30-minutes',
      gap: true,
      details: ['Closes at 10:20, within 30 minutes'],
    });
  });

  it('still offers a service that closes for lunch at 10:20 but reopens inside the window', () => {
    const split = aService('split', {
      openingTimes: {
        weekly: DAYS_OF_WEEK.flatMap((day) => [
          { day, open: '08:00', close: '10:20' },
          { day, open: '10:45', close: '17:00' },
        ]),
      },
    });
    expect(search([split]).services[0]?.reasons).toContain(
      'Opens at 10:45, within the session-time window 10:00-11:00',
    );
  });
});

describe('rule: services that return only when open', () => {
  it('honours the 0, 15 and 30 minute flags', () => {
    const opening1015 = (id: string, within: 0 | 15 | 30 | null) =>
      aService(id, { openingTimes: daily('10:15', '18:00'), returnOnlyIfOpenWithinMinutes: within });
    const services = [
      opening1015('now', 0),
      opening1015('15', 15),
      opening1015('30', 30),
      opening1015('any', null),
    ];
    const r = search(services, { options: { perTypeLimits: { 'urgent-treatment-centre': 4 } } });
    expect(ids(r).sort()).toEqual(['15', '30', 'any']);
    expect(exclusion(r, 'now')?.rule).toBe('only-if-open');
  });
});

describe('rule: services limited to areas', () => {
  it('returns a limited service only when the search location is in one of its areas', () => {
    const limited = aService('limited', { limitedToAreas: ['E38000217'] });
    expect(ids(search([limited], { location: { ...HERE, areaCodes: ['E38000217', 'E08000003'] } }))).toEqual([
      'limited',
    ]);
    expect(
      exclusion(search([limited], { location: { ...HERE, areaCodes: ['E38000999'] } }), 'limited')?.rule,
    ).toBe('limited-area');
    expect(exclusion(search([limited]), 'limited')?.rule).toBe('limited-area');
  });
});

describe('rule: ranking by service type, then distance', () => {
  const services = [
    aService('utc-near', { location: north(2) }),
    aService('utc-far', { location: north(9) }),
    aService('ph-near', { type: 'pharmacy', location: north(1) }),
    aService('hub', { type: 'gp-access-hub', location: north(5) }),
    aService('mh', { type: 'mental-health-crisis', location: north(0.5) }),
  ];

  it('orders ranked types by rank, equal ranks by distance, unranked types last', () => {
    const r = search(services, {
      options: {
        rankingStrategies: { national: { 'urgent-treatment-centre': 1, 'gp-access-hub': 2, pharmacy: 2 } },
      },
    });
    expect(ids(r)).toEqual(['utc-near', 'utc-far', 'ph-near', 'hub', 'mh']);
    expect(r.rankingStrategy).toBe('national');
    expect(r.services[0]?.reasons).toContain(
      'Service type urgent-treatment-centre has rank 1 in the national ranking strategy',
    );
  });

  it('uses the LAD strategy before the CCG one before the national one', () => {
    const r = search(services, {
      options: {
        rankingStrategies: {
          national: { 'urgent-treatment-centre': 1 },
          ccg: { pharmacy: 1 },
          lad: { 'mental-health-crisis': 1 },
        },
      },
    });
    expect(r.rankingStrategy).toBe('lad');
    expect(ids(r)[0]).toBe('mh');
  });

  it('with no strategy, orders by distance alone', () => {
    expect(ids(search(services))).toEqual(['mh', 'ph-near', 'utc-near', 'hub', 'utc-far']);
  });
});

describe('rule: home GP, then commissioned restricted, commissioned unrestricted, others', () => {
  it("puts the patient's own practice first and labels it (Home); OOH treatment its GP commissions gets (Home OOH)", () => {
    const gp = aService('home', {
      type: 'gp-access-hub',
      odsCode: 'P84001',
      location: north(8),
      name: 'Piccadilly Medical Centre',
    });
    const restricted = aService('restricted', {
      type: 'gp-access-hub',
      location: north(6),
      referral: { restricted: true, commissioningGpOdsCodes: ['P84001'], roles: ['111-clinician'] },
    });
    const commissioned = aService('ooh', {
      type: 'out-of-hours-treatment-centre',
      location: north(4),
      referral: { commissioningGpOdsCodes: ['P84001'], roles: ['111-clinician'] },
    });
    const other = aService('other', { type: 'gp-access-hub', location: north(1) });
    const r = search([other, commissioned, restricted, gp], {
      options: { perTypeLimits: { 'gp-access-hub': 3 } },
    });
    expect(ids(r)).toEqual(['home', 'restricted', 'ooh', 'other']);
    expect(r.services.map((s) => s.label)).toEqual(['(Home)', null, '(Home OOH)', null]);
    expect(r.services[0]?.displayName).toBe('Piccadilly Medical Centre (Home)');
    expect(r.services.map((s) => s.referralCategory)).toEqual([
      'home-gp',
      'commissioned-restricted',
      'commissioned-unrestricted',
      'other',
    ]);
  });
});

describe('rule: keep the top 2 of each service type, 1 of single-answer types', () => {
  it('drops the third urgent treatment centre and the second GP practice', () => {
    const r = search([
      aService('utc1', { location: north(1) }),
      aService('utc2', { location: north(2) }),
      aService('utc3', { location: north(3) }),
      aService('gp1', { type: 'gp-practice', location: north(1) }),
      aService('gp2', { type: 'gp-practice', location: north(2) }),
    ]);
    expect(ids(r).sort()).toEqual(['gp1', 'utc1', 'utc2']);
    expect(exclusion(r, 'utc3')).toMatchObject({ rule: 'per-type-limit', gap: false });
    expect(exclusion(r, 'gp2')?.rule).toBe('per-type-limit');
  });
});

describe('rule: catch-all, the 2 nearest emergency departments within 60 km', () => {
  it('answers when nothing matches, ignoring capacity and the requested distance', () => {
    const r = search(
      [
        aService('unmatched', { dispositions: ['Dx99'] }),
        ed('ed-red', 20, { capacity: { status: 'red' } }),
        ed('ed-near', 12, { publicName: 'MRI A&E' }),
        ed('ed-third', 40),
        ed('ed-far', 65),
        ed('ed-closed', 2, { status: 'closed' }),
        aService('utc', { location: north(3), dispositions: ['Dx99'] }),
      ],
      { options: { searchDistance: { requestedKm: 5 } } },
    );
    expect(r.catchAll).toBe(true);
    expect(ids(r)).toEqual(['ed-near', 'ed-red']);
    expect(r.services.map((s) => s.displayName)).toEqual([
      'MRI A&E (Catch-all)',
      'Service ed-red (Catch-all)',
    ]);
    expect(r.services[1]?.capacity).toBe('red');
    expect(r.services[0]?.reasons[0]).toMatch(/catch-all/);
  });

  it('warns when not even an emergency department is within 60 km', () => {
    const r = search([ed('ed-far', 70)]);
    expect(r).toMatchObject({ catchAll: true, services: [] });
    expect(r.warnings).toContain('No service matched and no emergency department is within 60 km');
  });
});

describe('explaining results to staff', () => {
  it('gives one reason per rule passed, in rule order, then the ordering', () => {
    const r = search([aService('utc', { openingTimes: daily('08:00', '20:00'), name: 'Central UTC' })]);
    expect(r.services[0]?.reasons).toEqual([
      'Active',
      '1.0 km away, inside the 60 km search square',
      'Profiled for symptom group 1011',
      'Sees patients of sex F',
      'Not restricted to particular GP practices',
      'Capacity green',
      'Profiled for SD 4003',
      'Accepts disposition Dx05',
      'No referral role given, so roles were not checked',
      'Sees patients aged 12418 days',
      'Open now, within the session-time window 10:00-11:00',
      'Closes at Wed 11 Jun 20:00, not within 30 minutes',
      'Returns whether or not open now',
      'Not limited to particular areas',
      'Service type urgent-treatment-centre is not ranked, so it follows ranked types',
    ]);
  });

  it('marks a service that failed exactly one second-pipeline rule as a gap, and lists every failure', () => {
    const r = search([
      aService('one', { capacity: { status: 'red' } }),
      aService('two', { capacity: { status: 'red' }, dispositions: ['Dx06'] }),
    ]);
    expect(exclusion(r, 'one')).toMatchObject({ gap: true, failedRules: ['capacity'] });
    expect(exclusion(r, 'two')).toMatchObject({
      gap: false,
      rule: 'capacity',
      failedRules: ['capacity', 'disposition'],
    });
  });

  it('warns when no bank holidays are known for the year searched', () => {
    const r = search([aService('a')], { searchTime: new Date('2030-06-12T09:00:00Z') });
    expect(r.warnings).toContain('No bank holidays are known for 2030; bank-holiday opening is not applied');
  });
});

describe('search input', () => {
  it('refuses an impossible age, search time or location', () => {
    expect(() => search([], { searchTime: new Date('not a date') })).toThrowError(LanternError);
    expect(() => search([], { location: { lat: Number.NaN, lon: 0 } })).toThrowError(LanternError);
    expect(() => search([], { patient: { ageYears: 130, sex: 'F' } })).toThrowError(LanternError);
    expect(() => search([], { patient: { ageYears: 1, ageDays: -1, sex: 'F' } })).toThrowError(LanternError);
  });
});
