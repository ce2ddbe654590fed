/**
 * The shape of a triage protocol document, as authored in `protocols/*.yaml`.
 *
 * Constraints that shaped it:
 * 1) Clinicians review these files, so the vocabulary is small and declarative: questions,
 *    ordered `next` rules (first match wins, last rule unconditional), red flags that set a
 *    floor, and the dispositions the protocol may give. No expressions, no code.
 * 2) Everything the structural checks need (targets, referenced questions, observation tags)
 *    is visible in the data, so a protocol can be proven complete before it ever runs.
 * 3) Shape problems are reported by zod with the path; graph problems (dangling references,
 *    cycles, unreachable questions) by `validateProtocol.ts`.
 */
import { z } from 'zod';

// The same values as the cases capability (cases/caseEventSchemas.ts), so a case's patient can
// always be triaged. Kept out of the triage index to avoid a duplicate export from core.
export const PATIENT_SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type PatientSex = (typeof PATIENT_SEXES)[number];

export const YES_NO_VALUES = ['yes', 'no'] as const;
export type YesNo = (typeof YES_NO_VALUES)[number];

/**
 * Observations a number or yes/no question can supply to NEWS2. `alteredConsciousness` is
 * "new confusion, or responds only to voice or pain, or unresponsive" (the C, V, P, U of ACVPU).
 */
export const OBSERVATION_TAGS = [
  'respiratoryRate',
  'oxygenSaturation',
  'supplementalOxygen',
  'hypercapnicRespiratoryFailure',
  'systolicBloodPressure',
  'pulseRate',
  'alteredConsciousness',
  'temperature',
] as const;
export type ObservationTag = (typeof OBSERVATION_TAGS)[number];

// Ids appear in URLs, event payloads and YAML keys: keep them boring.
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
const idSchema = z.string().regex(ID_PATTERN, 'must be lower-case letters, digits and hyphens (max 80)');
const textSchema = z.string().trim().min(1, 'must not be empty').max(2000);
const dispositionCodeSchema = z.string().min(2).max(32);
const httpsUrlSchema = z.url().refine((u) => u.startsWith('https://'), 'must be an https:// URL');

/** One branch of a condition; exactly one operator per object, combinators nest. */
export type Condition =
  | { question?: string; is: string }
  | { question?: string; isOneOf: string[] }
  | { question?: string; includes: string }
  | { question?: string; includesAny: string[] }
  | { question?: string; atLeast: number }
  | { question?: string; atMost: number }
  | { question?: string; above: number }
  | { question?: string; below: number }
  | { question?: string; known: boolean }
  | { news2: { atLeast?: number; anyParameterScored3?: boolean } }
  | { ageYears: { atLeast?: number; below?: number } }
  | { sex: PatientSex[] }
  | { pregnant: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const CONDITION_OPERATORS = [
  'is',
  'isOneOf',
  'includes',
  'includesAny',
  'atLeast',
  'atMost',
  'above',
  'below',
  'known',
  'news2',
  'ageYears',
  'sex',
  'pregnant',
  'all',
  'any',
  'not',
] as const;

const questionRef = { question: idSchema.optional() };
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ ...questionRef, is: z.string().min(1) }),
      z.strictObject({ ...questionRef, isOneOf: z.array(z.string().min(1)).min(1) }),
      z.strictObject({ ...questionRef, includes: z.string().min(1) }),
      z.strictObject({ ...questionRef, includesAny: z.array(z.string().min(1)).min(1) }),
      z.strictObject({ ...questionRef, atLeast: finite }),
      z.strictObject({ ...questionRef, atMost: finite }),
      z.strictObject({ ...questionRef, above: finite }),
      z.strictObject({ ...questionRef, below: finite }),
      z.strictObject({ ...questionRef, known: z.boolean() }),
      z.strictObject({
        news2: z
          .strictObject({
            atLeast: z.int().min(0).max(20).optional(),
            anyParameterScored3: z.boolean().optional(),
          })
          .refine((v) => (v.atLeast === undefined) !== (v.anyParameterScored3 === undefined), {
            message: 'news2 needs exactly one of atLeast or anyParameterScored3',
          }),
      }),
      z.strictObject({
        ageYears: z
          .strictObject({ atLeast: finite.optional(), below: finite.optional() })
          .refine((v) => v.atLeast !== undefined || v.below !== undefined, {
            message: 'ageYears needs atLeast and/or below',
          }),
      }),
      z.strictObject({ sex: z.array(z.enum(PATIENT_SEXES)).min(1) }),
      z.strictObject({ pregnant: z.boolean() }),
      z.strictObject({ all: z.array(conditionSchema).min(1) }),
      z.strictObject({ any: z.array(conditionSchema).min(1) }),
      z.strictObject({ not: conditionSchema }),
    ],
    {
      error: (issue) => {
        const keys =
          issue.input && typeof issue.input === 'object'
            ? Object.keys(issue.input).join(', ')
            : typeof issue.input;
        return `not a valid condition (got: ${keys}); a condition has exactly one of ${CONDITION_OPERATORS.join(', ')} (plus optional question), with a value of the right type`;
      },
    },
  ),
);

export const ruleSchema = z
  .strictObject({
    when: conditionSchema.optional(),
    goto: idSchema.optional(),
    disposition: dispositionCodeSchema.optional(),
    continue: z.literal(true).optional(),
    /** Plain-words reason shown in the transcript; generated from `when` if absent. */
    reason: textSchema.optional(),
  })
  .refine(
    (r) => [r.goto, r.disposition, r.continue].filter((t) => t !== undefined).length === 1,
    'a rule needs exactly one target: goto, disposition or continue',
  );

export const redFlagSchema = z.strictObject({
  id: idSchema,
  label: textSchema,
  when: conditionSchema,
  /** The disposition this red flag guarantees at minimum (by severity rank). */
  atLeast: dispositionCodeSchema,
  source: textSchema.optional(),
});

export const optionSchema = z.strictObject({ id: idSchema, label: textSchema });

const questionBase = {
  id: idSchema,
  text: textSchema,
  help: textSchema.optional(),
  redFlags: z.array(redFlagSchema).optional(),
  next: z.array(ruleSchema).min(1, 'a question needs at least one next rule'),
};

export const questionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...questionBase,
    type: z.literal('yes-no'),
    observation: z
      .enum(['supplementalOxygen', 'hypercapnicRespiratoryFailure', 'alteredConsciousness'])
      .optional(),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('single-choice'),
    options: z.array(optionSchema).min(2),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('multiple-choice'),
    options: z.array(optionSchema).min(2),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('number'),
    unit: z.string().trim().min(1, 'a number question needs a unit'),
    min: finite,
    max: finite,
    integer: z.boolean().optional(),
    /** If true the caller may answer null ("not known / not measured"). */
    optional: z.boolean().optional(),
    observation: z
      .enum(['respiratoryRate', 'oxygenSaturation', 'systolicBloodPressure', 'pulseRate', 'temperature'])
      .optional(),
  }),
  z.strictObject({
    ...questionBase,
    type: z.literal('free-text'),
    maxLength: z.int().min(1).max(4000).optional(),
    optional: z.boolean().optional(),
  }),
]);

export const sourceSchema = z.strictObject({ title: textSchema, url: httpsUrlSchema });

export const applicabilitySchema = z.strictObject({
  /** Inclusive lower bound, exclusive upper bound, in years (fractions allowed: 0.25 = 3 months). */
  ageYears: z
    .strictObject({ from: finite.min(0), below: finite.max(131).optional() })
    .refine((a) => a.below === undefined || a.below > a.from, 'ageYears.below must be greater than from'),
  sex: z.union([z.literal('any'), z.array(z.enum(PATIENT_SEXES)).min(1)]),
});

const testAnswerSchema = z.union([z.string(), z.number(), z.null(), z.array(z.string())]);

export const protocolTestCaseSchema = z.strictObject({
  name: textSchema,
  patient: z.strictObject({
    ageYears: finite,
    sex: z.enum(PATIENT_SEXES),
    pregnant: z.boolean().optional(),
  }),
  /** Answers by question id; sieve questions default to "no" in protocol tests. */
  answers: z.record(idSchema, testAnswerSchema),
  /** The expected final disposition code, or `continue` for a sieve case that passes through. */
  expect: dispositionCodeSchema,
  /** If given, exactly these red flags must fire. */
  redFlags: z.array(idSchema).optional(),
});

export const protocolDocumentSchema = z.strictObject({
  id: idSchema,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be semantic version MAJOR.MINOR.PATCH'),
  kind: z.enum(['complaint', 'sieve']),
  title: textSchema,
  /** `draft` until the clinical safety officer signs it off (docs/clinical-safety). */
  status: z.enum(['draft', 'approved']),
  author: textSchema,
  reviewDate: z.iso.date('must be an ISO date YYYY-MM-DD'),
  sources: z.array(sourceSchema).min(1, 'a protocol must cite at least one public source'),
  applicability: applicabilitySchema,
  keywords: z.array(z.string().trim().min(2).max(60)).min(1),
  start: idSchema,
  dispositions: z.array(dispositionCodeSchema).min(1),
  /** Protocol-specific care advice, by disposition code, shown with the catalogue advice. */
  advice: z.record(dispositionCodeSchema, z.array(textSchema).min(1)).optional(),
  questions: z.array(questionSchema).min(1),
  tests: z.array(protocolTestCaseSchema).optional(),
});

export type ProtocolDocument = z.infer<typeof protocolDocumentSchema>;
export type ProtocolDefinition = Omit<ProtocolDocument, 'tests'>;
export type ProtocolTestCase = z.infer<typeof protocolTestCaseSchema>;
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question['type'];
export type Rule = z.infer<typeof ruleSchema>;
export type RedFlag = z.infer<typeof redFlagSchema>;
export type Applicability = z.infer<typeof applicabilitySchema>;
export type ProtocolSource = z.infer<typeof sourceSchema>;

declare const validatedProtocol: unique symbol;
/**
 * A protocol that passed the shape and structural checks. Only `validateProtocol` (and the
 * loaders built on it) produce one, so the engine never sees an unchecked graph.
 */
export type Protocol = Readonly<ProtocolDefinition> & { readonly [validatedProtocol]: true };
