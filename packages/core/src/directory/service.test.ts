import { describe, expect, it } from 'vitest';
import {
  ageRangeInYears,
  DOS_SERVICE_TYPE_ID,
  OpeningTimesSchema,
  SERVICE_TYPES,
  ServiceSchema,
  SessionSchema,
} from './service.js';

const valid = {
  id: '1419425987',
  name: 'Manchester Royal Infirmary Emergency Department',
  type: 'emergency-department',
  status: 'active',
  odsCode: 'R0A02',
  location: { lat: 53.4623, lon: -2.2259, postcode: 'M13 9WL' },
  openingTimes: { openAllHours: true },
  dispositions: ['Dx02', 'Dx03'],
  symptomProfiles: [{ symptomGroup: 1011, symptomDiscriminators: [4003, 4076] }],
  ageRanges: [ageRangeInYears(0, 129)],
  sexes: ['M', 'F', 'I'],
  capacity: { status: 'amber', resetsAt: '2025-06-01T14:00:00+01:00' },
  referral: { roles: ['111-clinician'], information: 'Use the ambulance entrance for referrals' },
  phones: { public: '0161 276 1234', professional: '0161 276 9999' },
  endpoints: [
    {
      order: 1,
      transport: 'itk',
      format: 'CDA',
      interaction: 'urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientNHS111CDADocument-v2-0',
      businessScenario: 'primary',
      address: 'https://example.nhs.uk/itk',
    },
  ],
};

describe('service schema', () => {
  it('accepts a complete service and fills the defaults', () => {
    const s = ServiceSchema.parse(valid);
    expect(s.openingTimes).toEqual({ openAllHours: true, weekly: [], bankHoliday: [], specifiedDates: [] });
    expect(s.referral.restricted).toBe(false);
    expect(s.limitedToAreas).toEqual([]);
    expect(s.returnOnlyIfOpenWithinMinutes).toBeNull();
    expect(s.endpoints[0]?.compressed).toBe(false);
  });

  it('needs a full postcode in normal form', () => {
    expect(
      ServiceSchema.safeParse({ ...valid, location: { ...valid.location, postcode: 'm139wl' } }).success,
    ).toBe(false);
    expect(
      ServiceSchema.safeParse({ ...valid, location: { ...valid.location, postcode: 'M13' } }).success,
    ).toBe(false);
  });

  it.each([
    [{ open: '08:00', close: '08:00' }, false],
    [{ open: '24:00', close: '08:00' }, false],
    [{ open: '8:00', close: '18:00' }, false],
    [{ open: '08:00', close: '24:00' }, true],
    [{ open: '00:00', close: '24:00' }, true],
    [{ open: '22:00', close: '02:00' }, true],
  ])('session %j valid: %s', (session, ok) => {
    expect(SessionSchema.safeParse(session).success).toBe(ok);
  });

  it('rejects a weekly session that opens and closes at once, and a malformed specified date', () => {
    expect(
      OpeningTimesSchema.safeParse({ weekly: [{ day: 'monday', open: '09:00', close: '09:00' }] }).success,
    ).toBe(false);
    expect(
      OpeningTimesSchema.safeParse({ specifiedDates: [{ date: '25-12-2025', sessions: [] }] }).success,
    ).toBe(false);
  });

  it('converts whole-year age ranges to DoS days (1 year = 365.25 days)', () => {
    expect(ageRangeInYears(0, 15)).toEqual({ fromDays: 0, toDays: 5843 });
    expect(ageRangeInYears(16, 129)).toEqual({ fromDays: 5844, toDays: 47481 });
  });

  it('maps the single-result and catch-all types to their DoS ids', () => {
    expect(DOS_SERVICE_TYPE_ID['emergency-department']).toBe(105);
    expect(DOS_SERVICE_TYPE_ID['gp-practice']).toBe(100);
    expect(Object.keys(DOS_SERVICE_TYPE_ID).sort()).toEqual([...SERVICE_TYPES].sort());
  });
});
