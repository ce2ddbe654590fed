import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  applyDemographicsChanges,
  demographicsSchema,
  displayPatientName,
  ensureCoherentDemographics,
  parseDemographics,
  parseDemographicsChanges,
} from './demographics.js';
import { parsePatientPhone } from './patientPhone.js';

const TODAY = '2026-11-29';

const typed = {
  nhsNumber: '943 476 5919',
  name: { prefix: 'Mrs', given: ['Margaret', 'Ann'], family: "O'Neill" },
  birthDate: '1941-05-09',
  gender: 'female',
  address: { lines: ['12 Mill Lane', 'Didsbury'], postcode: 'm20 2pn' },
  phones: [
    { use: 'home', number: '0161 496 0000' },
    { use: 'mobile', number: '+44 (0)7700 900123' },
  ],
  gpPracticeOds: 'p84012',
  language: 'PL',
  interpreterRequired: true,
  communicationNeeds: [{ kind: 'hard-of-hearing' }],
};

function problemsOf(fn: () => unknown): { path?: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LanternError);
    expect((e as LanternError).code).toBe('E_VALIDATION');
    return (e as LanternError).details;
  }
  throw new Error('expected a validation error');
}

describe('demographics: what is typed becomes one spelling', () => {
  it('normalises NHS number, postcode, phones, ODS code and language', () => {
    const d = parseDemographics(typed, TODAY);
    expect(d).toMatchObject({
      nhsNumber: '9434765919',
      nhsNumberVerified: false,
      address: { lines: ['12 Mill Lane', 'Didsbury'], postcode: 'M20 2PN' },
      phones: [
        { use: 'home', number: '+441614960000' },
        { use: 'mobile', number: '+447700900123' },
      ],
      gpPracticeOds: 'P84012',
      language: 'pl',
    });
    expect(displayPatientName(d.name)).toBe("Mrs Margaret Ann O'Neill");
  });

  it('re-parsing the normalised form gives it back unchanged (stored events re-read)', () => {
    const d = parseDemographics(typed, TODAY);
    expect(demographicsSchema.parse(d)).toEqual(d);
  });

  it('a minimal patient needs a family name, a date of birth and a gender', () => {
    const d = parseDemographics(
      { name: { family: 'Unknown' }, birthDate: '1990-01-01', gender: 'unknown' },
      TODAY,
    );
    expect(d).toEqual({
      nhsNumberVerified: false,
      name: { given: [], family: 'Unknown' },
      birthDate: '1990-01-01',
      gender: 'unknown',
      phones: [],
      interpreterRequired: false,
      communicationNeeds: [],
    });
  });
});

describe('demographics: refusals name the field and the reason', () => {
  it('an NHS number with a wrong check digit', () => {
    expect(
      problemsOf(() => parseDemographics({ ...typed, nhsNumber: '9434765918' }, TODAY, 'demographics.')),
    ).toEqual([{ path: 'demographics.nhsNumber', message: expect.stringContaining('check digit') }]);
  });

  it('a date of birth in the future, or 30 February', () => {
    expect(problemsOf(() => parseDemographics({ ...typed, birthDate: '2027-01-01' }, TODAY))).toEqual([
      { path: 'birthDate', message: expect.stringContaining('future') },
    ]);
    expect(problemsOf(() => parseDemographics({ ...typed, birthDate: '1950-02-30' }, TODAY))).toEqual([
      { path: 'birthDate', message: expect.stringContaining('not a day') },
    ]);
  });

  it('every problem at once: postcode, phone, unknown field, interpreter without language', () => {
    const details = problemsOf(() =>
      parseDemographics(
        {
          ...typed,
          address: { lines: [], postcode: 'M20 2PNX' },
          phones: [{ use: 'mobile', number: '07700 90012' }],
          language: undefined,
          shoeSize: 9,
        },
        TODAY,
      ),
    );
    expect(details.map((d) => d.path).sort()).toEqual(
      ['address.postcode', 'phones[0].number', 'shoeSize'].sort(),
    );
  });

  it('an interpreter needs a language', () => {
    expect(
      problemsOf(() =>
        parseDemographics({ ...typed, language: undefined, interpreterRequired: true }, TODAY),
      ),
    ).toEqual([{ path: 'language', message: expect.stringContaining('interpreter') }]);
  });

  it('a "verified" NHS number needs the number', () => {
    const { nhsNumber: _, ...rest } = typed;
    expect(problemsOf(() => parseDemographics({ ...rest, nhsNumberVerified: true }, TODAY))).toEqual([
      { path: 'nhsNumberVerified', message: expect.any(String) },
    ]);
  });
});

describe('demographics changes (merge patch)', () => {
  const current = parseDemographics(typed, TODAY);

  it('replaces given fields, removes nulls, keeps the rest', () => {
    const changes = parseDemographicsChanges(
      { address: { lines: ['Flat 2', '3 Oak Road'], postcode: 'M21 9AB' }, gpPracticeOds: null },
      TODAY,
    );
    const next = applyDemographicsChanges(current, changes);
    expect(next.address).toEqual({ lines: ['Flat 2', '3 Oak Road'], postcode: 'M21 9AB' });
    expect(next.gpPracticeOds).toBeUndefined();
    expect(next.name).toEqual(current.name);
  });

  it('a changed NHS number is no longer verified', () => {
    const verified = { ...current, nhsNumberVerified: true };
    const next = applyDemographicsChanges(
      verified,
      parseDemographicsChanges({ nhsNumber: '9000000009' }, TODAY),
    );
    expect(next).toMatchObject({ nhsNumber: '9000000009', nhsNumberVerified: false });
  });

  it('an empty change, or a future date of birth, is refused', () => {
    expect(problemsOf(() => parseDemographicsChanges({}, TODAY))[0]?.message).toMatch(/at least one/);
    expect(problemsOf(() => parseDemographicsChanges({ birthDate: '2030-01-01' }, TODAY))[0]?.path).toBe(
      'birthDate',
    );
  });

  it('removing the language while an interpreter is needed leaves an incoherent record, refused', () => {
    const next = applyDemographicsChanges(current, parseDemographicsChanges({ language: null }, TODAY));
    expect(problemsOf(() => ensureCoherentDemographics(next))[0]?.path).toBe('language');
  });
});

describe('patient phone numbers', () => {
  it.each([
    ['0161 496 0000', '+441614960000'],
    ['07700 900123', '+447700900123'],
    ['00917855986859', '+917855986859'],
    ['+33 1 23 45 67 89', '+33123456789'],
  ])('%j -> %s', (input, value) => {
    expect(parsePatientPhone(input)).toEqual({ ok: true, value });
  });

  it.each(['123342', '+0 1234 5678', '+1234', 'call me'])('refuses %j', (input) => {
    expect(parsePatientPhone(input).ok).toBe(false);
  });
});
