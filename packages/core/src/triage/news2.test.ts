import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { calculateNews2, type News2Observations, news2Applicability } from './news2.js';

// Every parameter scores 0 here, so each test moves exactly one parameter.
const NORMAL: News2Observations = {
  respiratoryRate: 16,
  oxygenSaturation: 97,
  spo2Scale: 1,
  supplementalOxygen: false,
  systolicBloodPressure: 120,
  pulseRate: 70,
  consciousness: 'alert',
  temperature: 37,
};

function score(change: Partial<News2Observations>) {
  return calculateNews2({ ...NORMAL, ...change });
}

describe('NEWS2 scores each parameter at the RCP 2017 boundaries', () => {
  it('scores a normal set as 0, low risk', () => {
    expect(calculateNews2(NORMAL)).toMatchObject({ total: 0, band: 'low', anyParameterScored3: false });
  });

  it.each([
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
  ])('respiratory rate %i scores %i', (respiratoryRate, expected) => {
    expect(score({ respiratoryRate }).subscores.respiratoryRate).toBe(expected);
  });

  it.each([
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
  ])('SpO2 Scale 1: %i%% scores %i', (oxygenSaturation, expected) => {
    expect(score({ oxygenSaturation }).subscores.oxygenSaturation).toBe(expected);
  });

  it.each([
    [83, false, 3],
    [84, false, 2],
    [85, false, 2],
    [86, false, 1],
    [87, false, 1],
    [88, false, 0],
    [92, false, 0],
    [93, false, 0],
    [97, false, 0],
    [88, true, 0],
    [92, true, 0],
    [93, true, 1],
    [94, true, 1],
    [95, true, 2],
    [96, true, 2],
    [97, true, 3],
  ])('SpO2 Scale 2: %i%% (oxygen %s) scores %i', (oxygenSaturation, supplementalOxygen, expected) => {
    expect(score({ oxygenSaturation, supplementalOxygen, spo2Scale: 2 }).subscores.oxygenSaturation).toBe(
      expected,
    );
  });

  it('scores 2 for supplemental oxygen and 0 for air', () => {
    expect(score({ supplementalOxygen: true }).subscores.supplementalOxygen).toBe(2);
    expect(score({ supplementalOxygen: false }).subscores.supplementalOxygen).toBe(0);
  });

  it.each([
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
  ])('systolic blood pressure %i scores %i', (systolicBloodPressure, expected) => {
    expect(score({ systolicBloodPressure }).subscores.systolicBloodPressure).toBe(expected);
  });

  it.each([
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
  ])('pulse %i scores %i', (pulseRate, expected) => {
    expect(score({ pulseRate }).subscores.pulseRate).toBe(expected);
  });

  it.each([
    ['alert', 0],
    ['new-confusion', 3],
    ['voice', 3],
    ['pain', 3],
    ['unresponsive', 3],
  ] as const)('consciousness %s scores %i', (consciousness, expected) => {
    expect(score({ consciousness }).subscores.consciousness).toBe(expected);
  });

  it.each([
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
  ])('temperature %f °C scores %i', (temperature, expected) => {
    expect(score({ temperature }).subscores.temperature).toBe(expected);
  });
});

describe('NEWS2 risk bands', () => {
  it('is low-medium when a single parameter scores 3 and the total is under 5', () => {
    expect(score({ pulseRate: 38 })).toMatchObject({
      total: 3,
      band: 'low-medium',
      anyParameterScored3: true,
    });
  });

  it('is low at 4 when no parameter scores 3', () => {
    expect(score({ respiratoryRate: 22, oxygenSaturation: 94, pulseRate: 95 })).toMatchObject({
      total: 4,
      band: 'low',
    });
  });

  it('is medium at 5 and 6 (the key threshold for an urgent response)', () => {
    expect(score({ respiratoryRate: 22, oxygenSaturation: 93, pulseRate: 95 })).toMatchObject({
      total: 5,
      band: 'medium',
    });
    expect(score({ respiratoryRate: 22, supplementalOxygen: true, temperature: 39.5 })).toMatchObject({
      total: 6,
      band: 'medium',
    });
  });

  it('is high at 7 or more (emergency response)', () => {
    expect(score({ respiratoryRate: 25, oxygenSaturation: 93, pulseRate: 115 })).toMatchObject({
      total: 7,
      band: 'high',
    });
  });

  it('adds every parameter into the total', () => {
    const worst = calculateNews2({
      respiratoryRate: 30,
      oxygenSaturation: 85,
      spo2Scale: 1,
      supplementalOxygen: true,
      systolicBloodPressure: 80,
      pulseRate: 140,
      consciousness: 'unresponsive',
      temperature: 34,
    });
    expect(worst.total).toBe(20);
    expect(worst.band).toBe('high');
  });
});

describe('NEWS2 refuses implausible figures instead of scoring them', () => {
  it.each([
    ['respiratoryRate', 200],
    ['oxygenSaturation', 101],
    ['systolicBloodPressure', 1200],
    ['pulseRate', -1],
    ['temperature', 385],
    ['temperature', Number.NaN],
  ] as const)('%s = %f is a validation error naming the field', (field, value) => {
    const attempt = () => score({ [field]: value });
    expect(attempt).toThrowError(LanternError);
    try {
      attempt();
    } catch (e) {
      expect((e as LanternError).code).toBe('E_VALIDATION');
      expect((e as LanternError).details[0]?.path).toBe(field);
    }
  });
});

describe('NEWS2 applicability', () => {
  it('applies from 16 years and not in pregnancy', () => {
    expect(news2Applicability({ ageYears: 16 })).toEqual({ applicable: true });
    expect(news2Applicability({ ageYears: 15.9 }).applicable).toBe(false);
    expect(news2Applicability({ ageYears: 30, pregnant: true }).applicable).toBe(false);
  });
});
