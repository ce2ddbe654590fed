/**
 * The triage engine's commands: start, answer, change an answer, go back, and read the next
 * question or the outcome.
 *
 * 1) Sessions are immutable plain data holding only inputs; every read re-walks the protocols
 *    (walkTriage.ts), memoised per session object, so results are deterministic and a stored
 *    session replays to the same disposition.
 * 2) Every triage runs the life-threat sieve first; the chosen protocol cannot be started
 *    without it, and the sieve must be a validated protocol of kind `sieve`.
 * 3) Bad input is refused with E_VALIDATION and a detail naming the field, never coerced.
 */
import { z } from 'zod';
import { type ErrorDetail, LanternError } from '../errors/catalogue.js';
import { checkAnswerValue, isStorableText } from './answerValue.js';
import { buildOutcome, buildTranscript } from './buildOutcome.js';
import type { AnswerValue } from './conditions.js';
import { deepFreeze } from './deepFreeze.js';
import { isAtLeast } from './dispositions.js';
import { LIFE_THREAT_SIEVE } from './lifeThreatSieve.js';
import { PATIENT_SEXES, type Protocol, type Question } from './protocolSchema.js';
import type {
  PendingQuestion,
  TriageAnswer,
  TriageOutcome,
  TriagePatient,
  TriageSession,
  TriageState,
} from './triageTypes.js';
import { formatPath, isValidatedProtocol, validateProtocol } from './validateProtocol.js';
import { questionIndex, type Walk, walkTriage } from './walkTriage.js';

export interface StartTriageInput {
  protocol: Protocol;
  patient: TriagePatient;
  presentingComplaint: string;
  /** Defaults to the built-in life-threat sieve; only another validated `sieve` may replace it. */
  sieve?: Protocol;
  /** ISO date of the triage, so a protocol past its review date is flagged in the outcome. */
  asOf?: string;
}

const NOT_VALIDATED = 'is not a validated protocol: load it with loadProtocolFromYaml or validateProtocol';

const patientSchema = z.strictObject({
  ageYears: z.number().min(0, 'must be 0 or more').max(130, 'must be 130 or less'),
  sex: z.enum(PATIENT_SEXES),
  pregnant: z.boolean().optional(),
});

const startSchema = z.strictObject({
  protocol: z.custom<Protocol>(isValidatedProtocol, `protocol ${NOT_VALIDATED}`),
  sieve: z.custom<Protocol>(isValidatedProtocol, `sieve ${NOT_VALIDATED}`).optional(),
  patient: patientSchema,
  presentingComplaint: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(500, 'must be 500 characters or fewer')
    .refine(isStorableText, 'contains a NUL character or a lone surrogate'),
  asOf: z.iso.date('must be an ISO date YYYY-MM-DD').optional(),
});

function invalid(message: string, details: ErrorDetail[]): LanternError {
  return new LanternError('E_VALIDATION', message, details);
}

/** "Cannot start triage: patient.ageYears: must be 0 or more (and 1 more)". */
function summarise(prefix: string, details: readonly ErrorDetail[]): string {
  const [first] = details;
  if (!first) return prefix;
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return `${prefix}: ${first.path ? `${first.path}: ` : ''}${first.message}${more}`;
}

/**
 * A replacement sieve (e.g. a newer library version) must still screen for every life threat
 * the built-in one does, at the same or a more urgent floor, so it can never be swapped for a
 * weaker one.
 */
function sieveGaps(sieve: Protocol): ErrorDetail[] {
  if (sieve === LIFE_THREAT_SIEVE) return [];
  const floors = new Map(
    sieve.questions.flatMap((q) => (q.redFlags ?? []).map((f) => [f.id, f.atLeast] as const)),
  );
  return LIFE_THREAT_SIEVE.questions.flatMap((q) =>
    (q.redFlags ?? []).flatMap((f): ErrorDetail[] => {
      const floor = floors.get(f.id);
      if (floor !== undefined && isAtLeast(floor, f.atLeast)) return [];
      return [
        {
          path: 'sieve',
          message: `${sieve.id} ${sieve.version} does not screen for ${f.id} at ${f.atLeast} or above`,
        },
      ];
    }),
  );
}

function ensureApplicable(protocol: Protocol, sieve: Protocol, patient: TriagePatient): void {
  const details: ErrorDetail[] = [];
  if (protocol.kind !== 'complaint') {
    details.push({
      path: 'protocol',
      message: `${protocol.id} is a ${protocol.kind}, not a presenting-complaint protocol`,
    });
  }
  if (sieve.kind !== 'sieve')
    details.push({ path: 'sieve', message: `${sieve.id} is not a life-threat sieve` });
  else details.push(...sieveGaps(sieve));
  const { from, below } = protocol.applicability.ageYears;
  if (patient.ageYears < from || (below !== undefined && patient.ageYears >= below)) {
    details.push({
      path: 'patient.ageYears',
      message: `${protocol.id} applies from ${from} years${below === undefined ? '' : ` to under ${below} years`}; the patient is ${patient.ageYears}`,
    });
  }
  const sexes = protocol.applicability.sex;
  if (sexes !== 'any' && !sexes.includes(patient.sex)) {
    details.push({ path: 'patient.sex', message: `${protocol.id} applies to ${sexes.join(', ')} patients` });
  }
  const sieveIds = questionIndex(sieve);
  for (const q of protocol.questions) {
    if (sieveIds.has(q.id))
      details.push({ path: 'protocol', message: `question id ${q.id} is also used by the sieve` });
  }
  if (details.length > 0)
    throw invalid(summarise(`Cannot start triage with ${protocol.id}`, details), details);
}

/** Starts a triage: the sieve first, then the chosen protocol. */
export function startTriage(input: StartTriageInput): TriageSession {
  const parsed = startSchema.safeParse({ ...input, sieve: input.sieve ?? LIFE_THREAT_SIEVE });
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    throw invalid(summarise('Cannot start triage', details), details);
  }
  const { protocol, patient, presentingComplaint, asOf } = parsed.data;
  const sieve = parsed.data.sieve ?? LIFE_THREAT_SIEVE;
  ensureApplicable(protocol, sieve, patient);
  return deepFreeze({
    format: 'lantern.triage-session/1',
    sieve,
    protocol,
    patient: patient.pregnant === undefined ? { ageYears: patient.ageYears, sex: patient.sex } : patient,
    presentingComplaint,
    asOf: asOf ?? null,
    answers: [],
  } satisfies TriageSession);
}

const walks = new WeakMap<TriageSession, Walk>();

function walkOf(session: TriageSession): Walk {
  const cached = walks.get(session);
  if (cached) return cached;
  if (!isValidatedProtocol(session.protocol) || !isValidatedProtocol(session.sieve)) {
    throw invalid('Not a live triage session; use restoreTriage for a stored session', [
      {
        path: 'session',
        message: 'its protocols are not validated objects; use restoreTriage for a stored session',
      },
    ]);
  }
  const walk = walkTriage(
    [session.sieve, session.protocol],
    session.patient,
    new Map(session.answers.map((a) => [a.questionId, a.value])),
  );
  walks.set(session, walk);
  return walk;
}

function withAnswers(session: TriageSession, answers: readonly TriageAnswer[]): TriageSession {
  return deepFreeze({ ...session, answers });
}

function findQuestion(session: TriageSession, questionId: unknown): Question {
  if (typeof questionId !== 'string') {
    throw invalid('Unknown question', [{ path: 'questionId', message: 'questionId must be a string' }]);
  }
  const q = questionIndex(session.sieve).get(questionId) ?? questionIndex(session.protocol).get(questionId);
  if (!q) {
    throw invalid(`Unknown question ${questionId}`, [
      {
        path: 'questionId',
        message: `${questionId} is not a question of ${session.protocol.id} ${session.protocol.version} or of the sieve`,
      },
    ]);
  }
  return q;
}

function ensureValue(question: Question, value: unknown): AnswerValue {
  const checked = checkAnswerValue(question, value);
  if (!checked.ok) throw invalid(`Invalid answer to ${question.id}`, checked.details);
  return checked.value;
}

/** The question to ask now, or null when the triage has reached a disposition. */
export function nextQuestion(session: TriageSession): PendingQuestion | null {
  const walk = walkOf(session);
  if (walk.end.kind !== 'pending') return null;
  return {
    stage: walk.end.stageIndex === 0 ? 'sieve' : 'protocol',
    protocolId: walk.end.protocol.id,
    protocolVersion: walk.end.protocol.version,
    number: walk.path.length + 1,
    question: walk.end.question,
  };
}

/** Answers the question currently being asked. */
export function answer(session: TriageSession, questionId: string, value: unknown): TriageSession {
  const question = findQuestion(session, questionId);
  const walk = walkOf(session);
  if (walk.end.kind !== 'pending') {
    const reached = walk.end.kind === 'disposition' ? ` at ${walk.end.code}` : '';
    throw invalid(`The triage has finished${reached}`, [
      {
        path: 'questionId',
        message: `the triage has finished${reached}; go back or change an earlier answer to reopen it`,
      },
    ]);
  }
  if (walk.end.question.id !== question.id) {
    const asked = walk.path.some((a) => a.questionId === question.id);
    throw invalid(`${question.id} is not the question being asked`, [
      {
        path: 'questionId',
        message: asked
          ? `${question.id} was already answered; use changeAnswer to change it`
          : `${question.id} is not being asked (the current question is ${walk.end.question.id})`,
      },
    ]);
  }
  return withAnswers(session, [
    ...walk.path,
    { questionId: question.id, value: ensureValue(question, value) },
  ]);
}

/**
 * Changes an answer already given on the current path. Everything after it is recomputed:
 * later answers still on the new path are kept, the rest are dropped, exactly as if a fresh
 * session had been answered with the new values.
 */
export function changeAnswer(session: TriageSession, questionId: string, value: unknown): TriageSession {
  const question = findQuestion(session, questionId);
  const walk = walkOf(session);
  if (!walk.path.some((a) => a.questionId === question.id)) {
    throw invalid(`${question.id} has not been asked on this path`, [
      {
        path: 'questionId',
        message: `${question.id} has not been asked on this path; answer the current question instead`,
      },
    ]);
  }
  const newValue = ensureValue(question, value);
  const answers = new Map(
    walk.path.map((a) => [a.questionId, a.questionId === question.id ? newValue : a.value]),
  );
  const rewalk = walkTriage([session.sieve, session.protocol], session.patient, answers);
  return withAnswers(session, rewalk.path);
}

/** Steps back one question: the last answer on the path is removed and asked again. */
export function back(session: TriageSession): TriageSession {
  const walk = walkOf(session);
  if (walk.path.length === 0) {
    throw invalid('Nothing to go back to', [
      { path: 'session', message: 'no question has been answered yet' },
    ]);
  }
  return withAnswers(session, walk.path.slice(0, -1));
}

const outcomes = new WeakMap<TriageSession, TriageOutcome>();

/** The disposition with its full record. Throws E_VALIDATION while a question is waiting. */
export function outcome(session: TriageSession): TriageOutcome {
  const cached = outcomes.get(session);
  if (cached) return cached;
  const walk = walkOf(session);
  if (walk.end.kind !== 'disposition') {
    const waiting =
      walk.end.kind === 'pending'
        ? `question ${walk.end.question.id} is waiting for an answer`
        : 'no disposition';
    throw invalid(`The triage has not finished: ${waiting}`, [{ path: 'session', message: waiting }]);
  }
  const result = buildOutcome(session, walk);
  outcomes.set(session, result);
  return result;
}

/** Where the triage is: the question waiting (with the transcript so far) or the outcome. */
export function triageState(session: TriageSession): TriageState {
  const walk = walkOf(session);
  const question = nextQuestion(session);
  if (question === null) return { status: 'finished', outcome: outcome(session) };
  return {
    status: 'in-progress',
    question,
    transcript: buildTranscript(walk.steps),
    redFlags: walk.steps.flatMap((s) => s.redFlags),
  };
}

function prefixed(err: unknown, prefix: string): unknown {
  if (!(err instanceof LanternError)) return err;
  return new LanternError(
    err.code,
    `${prefix}: ${err.message}`,
    err.details.map((d) => ({ ...d, path: d.path ? `${prefix}.${d.path}` : prefix })),
  );
}

export interface ReplayTriageInput extends StartTriageInput {
  answers: readonly { questionId: string; value: unknown }[];
}

/** Rebuilds a session from its inputs (e.g. stored events), re-checking every answer in order. */
export function replayTriage(input: ReplayTriageInput): TriageSession {
  const { answers, ...start } = input;
  return answers.reduce((session, a, i) => {
    try {
      return answer(session, a.questionId, a.value);
    } catch (err) {
      throw prefixed(err, `answers[${i}]`);
    }
  }, startTriage(start));
}

const storedSessionSchema = z.strictObject({
  format: z.literal('lantern.triage-session/1'),
  sieve: z.unknown(),
  protocol: z.unknown(),
  patient: z.unknown(),
  presentingComplaint: z.string(),
  asOf: z.string().nullable(),
  answers: z.array(z.strictObject({ questionId: z.string(), value: z.unknown() })),
});

/**
 * Restores a session from stored JSON: its protocols are validated again and its answers
 * replayed, so a tampered or corrupted record is refused rather than trusted.
 */
export function restoreTriage(stored: unknown): TriageSession {
  const parsed = storedSessionSchema.safeParse(stored);
  if (!parsed.success) {
    throw invalid(
      'Not a stored triage session',
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const s = parsed.data;
  return replayTriage({
    protocol: validateProtocol(s.protocol, 'session.protocol'),
    sieve: validateProtocol(s.sieve, 'session.sieve'),
    patient: s.patient as TriagePatient,
    presentingComplaint: s.presentingComplaint,
    ...(s.asOf === null ? {} : { asOf: s.asOf }),
    answers: s.answers,
  });
}
