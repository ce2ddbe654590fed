/**
 * NEWS2 (Royal College of Physicians, 2017), exactly as domain.md §10.1.
 *
 * Thresholds are written as upper-inclusive cut points on the printed bands (RR 9–11 scores 1,
 * so "≤ 11 → 1" after "≤ 8 → 3"), which also gives a defined score to a value between two printed
 * integers (RR 11.5 scores 0, with 12–20). SpO2 Scale 2 is for people with hypercapnic
 * respiratory failure and a prescribed target of 88–92%; on air any SpO2 ≥ 88% scores 0 there.
 * NEWS2 is not validated under 16 or in pregnancy: callers decide applicability
 * (`news2Applicability`); this module only scores.
 */
import { LanternError } from '../errors/catalogue.js';
import type { ObservationTag } from './protocolSchema.js';

export type Consciousness = 'alert' | 'new-confusion' | 'voice' | 'pain' | 'unresponsive';

export interface News2Observations {
  /** Breaths per minute. */
  respiratoryRate: number;
  /** Percent. */
  oxygenSaturation: number;
  /** Use Scale 2 only for confirmed hypercapnic respiratory failure with an 88–92% target. */
  spo2Scale: 1 | 2;
  supplementalOxygen: boolean;
  /** mmHg. */
  systolicBloodPressure: number;
  /** Beats per minute. */
  pulseRate: number;
  consciousness: Consciousness;
  /** Degrees Celsius. */
  temperature: number;
}

export interface News2Subscores {
  respiratoryRate: number;
  oxygenSaturation: number;
  supplementalOxygen: number;
  systolicBloodPressure: number;
  pulseRate: number;
  consciousness: number;
  temperature: number;
}

/**
 * RCP clinical risk: low (0–4), low-medium (a single parameter scoring 3, total ≤ 4),
 * medium (5–6, the key threshold for an urgent response), high (≥ 7, emergency response).
 */
export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';

export interface News2Result {
  total: number;
  band: News2Band;
  anyParameterScored3: boolean;
  subscores: News2Subscores;
  spo2Scale: 1 | 2;
}

type NumericObservation =
  | 'respiratoryRate'
  | 'oxygenSaturation'
  | 'systolicBloodPressure'
  | 'pulseRate'
  | 'temperature';

/**
 * Plausible physiological ranges: a value outside is almost certainly a typing error (HR 1000,
 * temperature 385). Protocol number questions feeding NEWS2 must ask within these ranges.
 */
export const NEWS2_PLAUSIBLE_RANGES: Readonly<Record<NumericObservation, readonly [number, number]>> = {
  respiratoryRate: [0, 80],
  oxygenSaturation: [40, 100],
  systolicBloodPressure: [30, 300],
  pulseRate: [0, 300],
  temperature: [25, 45],
};

/** The protocol observation tags that must all be answered before NEWS2 can be scored. */
export const NEWS2_REQUIRED_OBSERVATIONS = [
  'respiratoryRate',
  'oxygenSaturation',
  'supplementalOxygen',
  'systolicBloodPressure',
  'pulseRate',
  'alteredConsciousness',
  'temperature',
] as const satisfies readonly ObservationTag[];

function scoreRespiratoryRate(rr: number): number {
  if (rr <= 8) return 3;
  if (rr <= 11) return 1;
  if (rr <= 20) return 0;
  if (rr <= 24) return 2;
  return 3;
}

function scoreSpo2Scale1(spo2: number): number {
  if (spo2 <= 91) return 3;
  if (spo2 <= 93) return 2;
  if (spo2 <= 95) return 1;
  return 0;
}

function scoreSpo2Scale2(spo2: number, onOxygen: boolean): number {
  if (spo2 <= 83) return 3;
  if (spo2 <= 85) return 2;
  if (spo2 <= 87) return 1;
  if (spo2 <= 92 || !onOxygen) return 0;
  if (spo2 <= 94) return 1;
  if (spo2 <= 96) return 2;
  return 3;
}

function scoreSystolic(sbp: number): number {
  if (sbp <= 90) return 3;
  if (sbp <= 100) return 2;
  if (sbp <= 110) return 1;
  if (sbp <= 219) return 0;
  return 3;
}

function scorePulse(hr: number): number {
  if (hr <= 40) return 3;
  if (hr <= 50) return 1;
  if (hr <= 90) return 0;
  if (hr <= 110) return 1;
  if (hr <= 130) return 2;
  return 3;
}

function scoreTemperature(t: number): number {
  if (t <= 35.0) return 3;
  if (t <= 36.0) return 1;
  if (t <= 38.0) return 0;
  if (t <= 39.0) return 1;
  return 2;
}

function bandFor(total: number, anyParameterScored3: boolean): News2Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (anyParameterScored3) return 'low-medium';
  return 'low';
}

function ensurePlausible(obs: News2Observations): void {
  const details = Object.entries(NEWS2_PLAUSIBLE_RANGES).flatMap(([key, [min, max]]) => {
    const value = obs[key as NumericObservation];
    return Number.isFinite(value) && value >= min && value <= max
      ? []
      : [{ path: key, message: `${value} is outside the plausible range ${min}–${max}` }];
  });
  if (details.length > 0)
    throw new LanternError('E_VALIDATION', 'NEWS2 observations are not plausible', details);
}

/** Scores a complete set of observations. Throws E_VALIDATION for implausible values. */
export function calculateNews2(obs: News2Observations): News2Result {
  ensurePlausible(obs);
  const subscores: News2Subscores = {
    respiratoryRate: scoreRespiratoryRate(obs.respiratoryRate),
    oxygenSaturation:
      obs.spo2Scale === 2
        ? scoreSpo2Scale2(obs.oxygenSaturation, obs.supplementalOxygen)
        : scoreSpo2Scale1(obs.oxygenSaturation),
    supplementalOxygen: obs.supplementalOxygen ? 2 : 0,
    systolicBloodPressure: scoreSystolic(obs.systolicBloodPressure),
    pulseRate: scorePulse(obs.pulseRate),
    consciousness: obs.consciousness === 'alert' ? 0 : 3,
    temperature: scoreTemperature(obs.temperature),
  };
  const values = Object.values(subscores);
  const total = values.reduce((sum, v) => sum + v, 0);
  const anyParameterScored3 = values.some((v) => v === 3);
  return {
    total,
    band: bandFor(total, anyParameterScored3),
    anyParameterScored3,
    subscores,
    spo2Scale: obs.spo2Scale,
  };
}

export type News2Applicability = { applicable: true } | { applicable: false; reason: string };

/** RCP: NEWS2 is for adults aged 16 and over and is not validated in pregnancy. */
export function news2Applicability(patient: {
  ageYears: number;
  pregnant?: boolean | undefined;
}): News2Applicability {
  if (patient.ageYears < 16) return { applicable: false, reason: 'NEWS2 is not validated under 16 years' };
  if (patient.pregnant === true) return { applicable: false, reason: 'NEWS2 is not validated in pregnancy' };
  return { applicable: true };
}
