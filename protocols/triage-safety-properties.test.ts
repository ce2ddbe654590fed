/**
 * Safety properties of the engine over the whole library, checked with random but valid
 * conversations (fast-check): every path ends in a disposition, no question is asked twice, a
 * red flag can never end below its floor, changing an earlier answer equals a fresh triage with
 * the new answers, and the same answers always give the same outcome.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answer,
  back,
  changeAnswer,
  getDisposition,
  isAtLeast,
  LIFE_THREAT_SIEVE,
  nextQuestion,
  outcome,
  type Protocol,
  parseProtocolYaml,
  type Question,
  replayTriage,
  restoreTriage,
  startTriage,
  type TriagePatient,
  type TriageSession,
} from '../packages/core/src/triage/index.js';

const DIR = new URL('./', import.meta.url);
const COMPLAINTS: Protocol[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parseProtocolYaml(readFileSync(new URL(f, DIR), 'utf8'), f).protocol)
  .filter((p) => p.kind === 'complaint');

const RUNS = 300;
// About 1 in 3 conversations then ends in the sieve; the rest go on into the protocol.
const SIEVE_YES_ONE_IN = 25;

/** A patient the protocol applies to, chosen from the random draw. */
function patientFor(p: Protocol, draw: number, pregnant: boolean): TriagePatient {
  const { from, below } = p.applicability.ageYears;
  const top = Math.min(below ?? 100, 100);
  // Rounded down so an age never lands on an exclusive upper bound (4.995 must not become 5).
  const ageYears = Math.floor((from + ((draw % 1000) / 1000) * (top - from)) * 100) / 100;
  const sexes =
    p.applicability.sex === 'any' ? (['female', 'male', 'other', 'unknown'] as const) : p.applicability.sex;
  const sex = sexes[draw % sexes.length] ?? 'unknown';
  return pregnant && ageYears >= 12 && ageYears < 55 ? { ageYears, sex, pregnant: true } : { ageYears, sex };
}

/** A valid answer to a question, from a random draw; sieve answers are mostly "no" to reach the protocol. */
function valueFor(q: Question, draw: number, inSieve: boolean): unknown {
  switch (q.type) {
    case 'yes-no':
      return inSieve ? (draw % SIEVE_YES_ONE_IN === 0 ? 'yes' : 'no') : draw % 2 === 0 ? 'yes' : 'no';
    case 'single-choice':
      return q.options[draw % q.options.length]?.id;
    case 'multiple-choice':
      if (inSieve ? draw % SIEVE_YES_ONE_IN !== 0 : draw % 2 === 0) return [];
      return q.options.filter((_, i) => (draw >> (i + 1)) & 1).map((o) => o.id);
    case 'number': {
      if (q.optional && draw % 9 === 0) return null;
      const span = q.max - q.min;
      const picks = [q.min, q.max, q.min + (((draw >>> 3) % 1000) / 1000) * span];
      const v = picks[draw % 3] ?? q.min;
      return q.integer ? Math.round(v) : Math.round(v * 10) / 10;
    }
    case 'free-text':
      return `note ${draw}`;
  }
}

interface Walked {
  session: TriageSession;
  asked: string[];
}

function walk(protocol: Protocol, patient: TriagePatient, draws: readonly number[]): Walked {
  let session = startTriage({ protocol, patient, presentingComplaint: 'property test' });
  const asked: string[] = [];
  for (let i = 0; ; i++) {
    const pending = nextQuestion(session);
    if (pending === null) break;
    // Each step draws a fresh number; the list is long enough for any protocol in the library.
    const draw = draws[i % draws.length] ?? 0;
    asked.push(pending.question.id);
    session = answer(
      session,
      pending.question.id,
      valueFor(pending.question, draw + i, pending.stage === 'sieve'),
    );
    if (i > LIFE_THREAT_SIEVE.questions.length + protocol.questions.length)
      throw new Error('triage did not end');
  }
  return { session, asked };
}

/** A fresh triage answered from a map, in whatever order the protocol asks. */
function freshWith(protocol: Protocol, patient: TriagePatient, answers: Map<string, unknown>): TriageSession {
  let s = startTriage({ protocol, patient, presentingComplaint: 'property test' });
  for (let q = nextQuestion(s); q !== null && answers.has(q.question.id); q = nextQuestion(s)) {
    s = answer(s, q.question.id, answers.get(q.question.id));
  }
  return s;
}

const conversation = fc.record({
  protocol: fc.constantFrom(...COMPLAINTS),
  patientDraw: fc.nat(),
  pregnant: fc.boolean(),
  draws: fc.array(fc.nat({ max: 2 ** 30 }), { minLength: 40, maxLength: 40 }),
});

describe('triage safety properties across the whole library', () => {
  it('explores the protocols, not just the sieve (guards against vacuous properties)', () => {
    const samples = fc.sample(conversation, { numRuns: 400, seed: 42 });
    const walks = samples.map(({ protocol, patientDraw, pregnant, draws }) =>
      outcome(walk(protocol, patientFor(protocol, patientDraw, pregnant), draws).session),
    );
    const inProtocol = walks.filter((o) => o.endedIn === 'protocol');
    expect(inProtocol.length / walks.length).toBeGreaterThan(0.55);
    expect(new Set(inProtocol.map((o) => o.protocol.id)).size).toBe(COMPLAINTS.length);
    expect(new Set(walks.map((o) => o.disposition.code)).size).toBeGreaterThan(20);
  });

  it('every conversation ends in a disposition the protocol or sieve declares, asking no question twice', () => {
    fc.assert(
      fc.property(conversation, ({ protocol, patientDraw, pregnant, draws }) => {
        const { session, asked } = walk(protocol, patientFor(protocol, patientDraw, pregnant), draws);
        expect(new Set(asked).size).toBe(asked.length);
        const result = outcome(session);
        const declared = [...protocol.dispositions, ...LIFE_THREAT_SIEVE.dispositions];
        expect(declared).toContain(result.disposition.code);
        expect(result.transcript.map((t) => t.questionId)).toEqual(asked);
      }),
      { numRuns: RUNS },
    );
  });

  it('a red flag can never end below its minimum disposition', () => {
    fc.assert(
      fc.property(conversation, ({ protocol, patientDraw, pregnant, draws }) => {
        const result = outcome(walk(protocol, patientFor(protocol, patientDraw, pregnant), draws).session);
        for (const flag of result.redFlags)
          expect(isAtLeast(result.disposition.code, flag.atLeast)).toBe(true);
        // Independently of the engine's own record: a yes/no red flag answered "yes" always fires.
        for (const step of result.transcript) {
          const q = [...LIFE_THREAT_SIEVE.questions, ...protocol.questions].find(
            (x) => x.id === step.questionId,
          );
          for (const flag of q?.redFlags ?? []) {
            if (JSON.stringify(flag.when) === '{"is":"yes"}' && step.answer === 'yes') {
              expect(result.redFlags.map((f) => f.id)).toContain(flag.id);
              expect(getDisposition(result.disposition.code).severityRank).toBeGreaterThanOrEqual(
                getDisposition(flag.atLeast).severityRank,
              );
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('changing an earlier answer equals a fresh triage answered with the new answers', () => {
    fc.assert(
      fc.property(
        conversation,
        fc.nat(),
        fc.nat(),
        ({ protocol, patientDraw, pregnant, draws }, pick, newDraw) => {
          const patient = patientFor(protocol, patientDraw, pregnant);
          const { session } = walk(protocol, patient, draws);
          const path = session.answers;
          const target = path[pick % path.length];
          if (!target) return;
          const q = [...LIFE_THREAT_SIEVE.questions, ...protocol.questions].find(
            (x) => x.id === target.questionId,
          );
          if (!q) throw new Error('question on the path is not in the protocols');
          const newValue = valueFor(q, newDraw, false);
          const changed = changeAnswer(session, target.questionId, newValue);

          const answers = new Map<string, unknown>(path.map((a) => [a.questionId, a.value]));
          answers.set(target.questionId, newValue);
          const fresh = freshWith(protocol, patient, answers);
          expect(changed.answers).toEqual(fresh.answers);
          expect(nextQuestion(changed)).toEqual(nextQuestion(fresh));
          if (nextQuestion(changed) === null) expect(outcome(changed)).toEqual(outcome(fresh));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('is deterministic: the same answers give the same outcome, after replay and after a JSON round trip', () => {
    fc.assert(
      fc.property(conversation, ({ protocol, patientDraw, pregnant, draws }) => {
        const patient = patientFor(protocol, patientDraw, pregnant);
        const first = walk(protocol, patient, draws).session;
        const again = walk(protocol, patient, draws).session;
        expect(outcome(again)).toEqual(outcome(first));
        const replayed = replayTriage({
          protocol,
          patient,
          presentingComplaint: 'property test',
          answers: first.answers,
        });
        expect(outcome(replayed)).toEqual(outcome(first));
        const restored = restoreTriage(JSON.parse(JSON.stringify(first)));
        expect(outcome(restored)).toEqual(outcome(first));
      }),
      { numRuns: 100 },
    );
  });

  it('going back and giving the same answer again returns to the same place', () => {
    fc.assert(
      fc.property(conversation, ({ protocol, patientDraw, pregnant, draws }) => {
        const { session } = walk(protocol, patientFor(protocol, patientDraw, pregnant), draws);
        const last = session.answers.at(-1);
        if (!last) return;
        const redone = answer(back(session), last.questionId, last.value);
        expect(redone.answers).toEqual(session.answers);
        expect(outcome(redone)).toEqual(outcome(session));
      }),
      { numRuns: RUNS },
    );
  });
});
