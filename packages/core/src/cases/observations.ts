/**
 * Observations on a case, scored with NEWS2 (RCP 2017; triage/news2.ts), and what a remote
 * clinician does with the score.
 *
 * Why an event (ObservationsRecorded) and not a consultation note:
 * 1) The record must hold the readings, not only a sentence about them: the score is
 *    recomputed from the readings whenever the event is read (`observationsRecordedSchema`
 *    refuses a score that is not the score of its readings), so a mistyped "NEWS2 3" can never
 *    stand beside readings that score 7 (hazard log H-07, H-12).
 * 2) A clinician calling back compares readings over time (is the patient getting worse?); that
 *    needs them as data on the case, in order, with when they were taken and by whom.
 * 3) Post-event messages and FHIR Observation resources need each reading with its unit and
 *    code; a note would have to be parsed back out of free text.
 * The score is stored as well as the readings so the record shows what the clinician saw even
 * if NEWS2 is ever revised; the check pins it to the readings under the rules of this version.
 */
import { z } from 'zod';
import { LanternError } from '../errors/catalogue.js';
import { calculateNews2, NEWS2_PLAUSIBLE_RANGES, type News2Band, type News2Result } from '../triage/news2.js';

export const CONSCIOUSNESS_LEVELS = ['alert', 'new-confusion', 'voice', 'pain', 'unresponsive'] as const;

/** Who took the readings: on the phone they are often the patient's, a carer's or a crew's. */
export const OBSERVATION_SOURCES = [
  'clinician',
  'patient-or-carer',
  'care-home',
  'ambulance-crew',
  'other',
] as const;

const reading = (key: keyof typeof NEWS2_PLAUSIBLE_RANGES, unit: string) => {
  const [min, max] = NEWS2_PLAUSIBLE_RANGES[key];
  const message = `must be ${min}–${max} ${unit} (a value outside is almost certainly a typing error)`;
  return z
    .number({ error: `must be a number of ${unit}` })
    .min(min, message)
    .max(max, message);
};

export const news2ObservationsSchema = z.strictObject({
  respiratoryRate: reading('respiratoryRate', 'breaths per minute'),
  oxygenSaturation: reading('oxygenSaturation', '%'),
  spo2Scale: z.union([z.literal(1), z.literal(2)], { error: 'must be SpO2 scale 1 or 2' }),
  supplementalOxygen: z.boolean(),
  systolicBloodPressure: reading('systolicBloodPressure', 'mmHg'),
  pulseRate: reading('pulseRate', 'beats per minute'),
  consciousness: z.enum(CONSCIOUSNESS_LEVELS),
  temperature: reading('temperature', '°C'),
});

const subscore = () => z.int().min(0).max(3);

export const news2ScoreSchema = z.strictObject({
  total: z.int().min(0).max(20),
  band: z.enum(['low', 'low-medium', 'medium', 'high']),
  anyParameterScored3: z.boolean(),
  subscores: z.strictObject({
    respiratoryRate: subscore(),
    oxygenSaturation: subscore(),
    supplementalOxygen: z.int().min(0).max(2),
    systolicBloodPressure: subscore(),
    pulseRate: subscore(),
    consciousness: subscore(),
    temperature: subscore(),
  }),
});

export const observationsRecordedSchema = z
  .strictObject({
    observations: news2ObservationsSchema,
    /** When the readings were taken (may be before they were recorded). */
    takenAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' }),
    source: z.enum(OBSERVATION_SOURCES),
    news2: news2ScoreSchema,
  })
  .check((ctx) => {
    let expected: ReturnType<typeof scoreOf>;
    try {
      expected = scoreOf(ctx.value.observations);
    } catch {
      return; // an implausible reading is already reported on its own field
    }
    const given = ctx.value.news2;
    const same =
      expected.total === given.total &&
      expected.band === given.band &&
      expected.anyParameterScored3 === given.anyParameterScored3 &&
      Object.entries(expected.subscores).every(
        ([k, v]) => given.subscores[k as keyof typeof given.subscores] === v,
      );
    if (!same) {
      ctx.issues.push({
        code: 'custom',
        message: `is not the NEWS2 of these readings (${expected.total}, ${expected.band})`,
        path: ['news2'],
        input: ctx.value,
      });
    }
  });

export type News2Readings = z.output<typeof news2ObservationsSchema>;
export type News2Score = z.output<typeof news2ScoreSchema>;

/** The NEWS2 of readings already checked against their plausible ranges. */
export function scoreOf(observations: News2Readings): Omit<News2Result, 'spo2Scale'> {
  const { spo2Scale: _scale, ...result } = calculateNews2(observations);
  return result;
}

export interface ObservationsInput {
  observations: unknown;
  takenAt: string;
  source: unknown;
}

/**
 * The data of an ObservationsRecorded event from readings as entered: checks each reading
 * (E_VALIDATION naming `observations.<reading>`) and scores them, so the score on the record
 * is always computed here, never typed.
 */
export function buildObservationsRecorded(
  input: ObservationsInput,
): z.input<typeof observationsRecordedSchema> {
  const parsed = news2ObservationsSchema.safeParse(input.observations);
  if (!parsed.success) {
    throw new LanternError(
      'E_VALIDATION',
      'The observations are not valid',
      parsed.error.issues.map((i) => ({
        path: ['observations', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  }
  return {
    observations: parsed.data,
    takenAt: input.takenAt,
    source: input.source as (typeof OBSERVATION_SOURCES)[number],
    news2: scoreOf(parsed.data),
  };
}

export type News2Urgency = 'emergency' | 'urgent' | 'prompt' | 'routine';

export interface News2Response {
  readonly urgency: News2Urgency;
  /** The RCP trigger, in its words. */
  readonly trigger: string;
  /** What a clinician assessing remotely does (111 / clinical assessment service). */
  readonly action: string;
}

/**
 * The clinical response to a NEWS2 band. The triggers are RCP's (domain.md §10.1); the remote
 * actions translate RCP's ward responses for a clinician on the phone and are for the clinical
 * safety officer to confirm (hazard log H-12).
 */
export function news2ClinicalResponse(band: News2Band): News2Response {
  switch (band) {
    case 'high':
      return {
        urgency: 'emergency',
        trigger: 'NEWS2 7 or more: emergency response',
        action:
          'Arrange an emergency ambulance now (999 or a Category 2 request) unless an agreed care plan says otherwise.',
      };
    case 'medium':
      return {
        urgency: 'urgent',
        trigger: 'NEWS2 5 or 6: key threshold for an urgent response',
        action:
          'Urgent face-to-face assessment by a clinician competent in acute illness, within an hour; consider sepsis.',
      };
    case 'low-medium':
      return {
        urgency: 'prompt',
        trigger: 'A single parameter scoring 3: urgent review',
        action:
          'Review the parameter that scored 3 now and decide on face-to-face assessment; repeat the readings within an hour.',
      };
    case 'low':
      return {
        urgency: 'routine',
        trigger: 'NEWS2 0 to 4: low',
        action: 'Use clinical judgement; give worsening advice and repeat the readings if anything changes.',
      };
  }
}
