import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { LIFE_THREAT_SIEVE } from './lifeThreatSieve.js';
import { parseProtocolYaml } from './loadProtocolFromYaml.js';
import {
  answer,
  back,
  changeAnswer,
  nextQuestion,
  outcome,
  replayTriage,
  restoreTriage,
  startTriage,
  triageState,
} from './triageSession.js';
import type { TriageSession } from './triageTypes.js';
import { validateProtocol } from './validateProtocol.js';

const fixture = parseProtocolYaml(
  readFileSync(new URL('./fixtures/sore-throat.yaml', import.meta.url), 'utf8'),
  'fixtures/sore-throat.yaml',
).protocol;

const SIEVE_IDS = LIFE_THREAT_SIEVE.questions.map((q) => q.id);

function start(patient = { ageYears: 30, sex: 'female' as const }) {
  return startTriage({ protocol: fixture, patient, presentingComplaint: 'sore throat for two days' });
}

/** Answers whatever is asked, from the map; sieve questions default to no / none. */
function answerAll(session: TriageSession, answers: Record<string, unknown>): TriageSession {
  let s = session;
  for (let q = nextQuestion(s); q !== null; q = nextQuestion(s)) {
    const id = q.question.id;
    const value =
      id in answers
        ? answers[id]
        : q.stage === 'sieve'
          ? q.question.type === 'yes-no'
            ? 'no'
            : []
          : undefined;
    if (value === undefined) break;
    s = answer(s, id, value);
  }
  return s;
}

describe('a triage runs the life-threat sieve first, then the chosen protocol', () => {
  it('asks the sieve questions first, in order, then the protocol start question', () => {
    let s = start();
    const asked: string[] = [];
    for (const id of SIEVE_IDS.filter(
      (i) => !['ls-catastrophic-bleeding', 'ls-anaphylaxis-severe'].includes(i),
    )) {
      const q = nextQuestion(s);
      expect(q?.stage).toBe('sieve');
      asked.push(q?.question.id ?? '');
      s = answer(s, id, q?.question.type === 'yes-no' ? 'no' : []);
    }
    expect(asked[0]).toBe('ls-not-breathing');
    expect(nextQuestion(s)).toMatchObject({
      stage: 'protocol',
      protocolId: 'test-sore-throat',
      question: { id: 'st-drooling' },
    });
  });

  it('ends at a Category 1 ambulance on the very first answer when the patient is not breathing normally', () => {
    const s = answer(start(), 'ls-not-breathing', 'yes');
    expect(nextQuestion(s)).toBeNull();
    const result = outcome(s);
    expect(result.endedIn).toBe('sieve');
    expect(result.disposition).toMatchObject({
      code: 'LX-AMB-C1',
      ambulanceCategory: 'C1',
      skillset: 'ambulance',
    });
    expect(result.transcript).toHaveLength(1);
    expect(result.redFlags.map((f) => f.id)).toEqual(['ls-not-breathing-normally']);
  });

  it('cannot be started with the sieve as the chosen protocol, or without a real sieve', () => {
    expect(() =>
      startTriage({
        protocol: LIFE_THREAT_SIEVE,
        patient: { ageYears: 40, sex: 'male' },
        presentingComplaint: 'x',
      }),
    ).toThrowError(/life-threat-sieve/);
    expect(() =>
      startTriage({
        protocol: fixture,
        sieve: fixture,
        patient: { ageYears: 40, sex: 'male' },
        presentingComplaint: 'x',
      }),
    ).toThrowError(LanternError);
  });
});

describe('the sieve cannot be bypassed', () => {
  it('accepts a replacement sieve only if it screens for every built-in life threat at the same floor', () => {
    const patient = { ageYears: 40, sex: 'male' as const };
    const same = validateProtocol(JSON.parse(JSON.stringify(LIFE_THREAT_SIEVE)));
    expect(() =>
      startTriage({ protocol: fixture, sieve: same, patient, presentingComplaint: 'x' }),
    ).not.toThrow();

    const weaker = JSON.parse(JSON.stringify(LIFE_THREAT_SIEVE));
    weaker.id = 'weaker-sieve';
    weaker.questions[0].redFlags[0].atLeast = 'LX-AMB-C2';
    weaker.questions[0].next[0].disposition = 'LX-AMB-C2';
    try {
      startTriage({ protocol: fixture, sieve: validateProtocol(weaker), patient, presentingComplaint: 'x' });
      expect.unreachable();
    } catch (e) {
      expect((e as LanternError).details).toContainEqual({
        path: 'sieve',
        message: 'weaker-sieve 1.0.0 does not screen for ls-not-breathing-normally at LX-AMB-C1 or above',
      });
    }
  });
});

describe('the outcome carries the full record', () => {
  it('gives the disposition, protocol id and version, and every question, answer and rule fired', () => {
    const s = answerAll(start(), {
      'st-drooling': 'no',
      'st-days': 2,
      'st-symptoms': ['pus', 'fever'],
      'st-severity': 'moderate',
    });
    const result = outcome(s);
    expect(result.protocol).toMatchObject({ id: 'test-sore-throat', version: '2.1.0', status: 'approved' });
    expect(result.sieve).toEqual({ id: 'life-threat-sieve', version: LIFE_THREAT_SIEVE.version });
    expect(result.disposition.code).toBe('LX-PHARMACY-24H');
    expect(result.transcript.map((t) => t.questionId)).toEqual([
      ...SIEVE_IDS.filter((i) => !['ls-catastrophic-bleeding', 'ls-anaphylaxis-severe'].includes(i)),
      'st-drooling',
      'st-days',
      'st-symptoms',
      'st-severity',
    ]);
    const symptoms = result.transcript.find((t) => t.questionId === 'st-symptoms');
    expect(symptoms).toMatchObject({
      answer: ['fever', 'pus'], // normalised to option order
      answerText: 'Fever; Pus on the tonsils',
      ruleFired: {
        index: 0,
        description: 'answer to st-symptoms includes any of "Fever", "Pus on the tonsils"',
      },
    });
    expect(result.transcript.find((t) => t.questionId === 'st-days')?.answerText).toBe('2 days');
  });

  it('raises the disposition to a red flag floor and says which flag did it', () => {
    const s = answerAll(start(), {
      'st-drooling': 'no',
      'st-days': 2,
      'st-symptoms': ['pus'],
      'st-severity': 'severe',
    });
    const result = outcome(s);
    expect(result.pathwayDispositionCode).toBe('LX-PHARMACY-24H');
    expect(result.disposition.code).toBe('LX-ED-4H');
    expect(result.raisedByRedFlags).toEqual(['st-severe-pain']);
    expect(result.redFlags).toEqual([
      expect.objectContaining({
        id: 'st-severe-pain',
        atLeast: 'LX-ED-4H',
        questionId: 'st-severity',
        protocolId: 'test-sore-throat',
      }),
    ]);
  });

  it('includes protocol advice for the disposition reached, and warns about drafts and overdue reviews', () => {
    const s = startTriage({
      protocol: fixture,
      patient: { ageYears: 30, sex: 'male' },
      presentingComplaint: 'sore throat',
      asOf: '2031-06-01',
    });
    const result = outcome(
      answerAll(s, { 'st-drooling': 'no', 'st-days': 1, 'st-symptoms': [], 'st-notes': '' }),
    );
    expect(result.protocolAdvice).toEqual(['Drink plenty of fluids.']);
    const codes = result.warnings.map((w) => `${w.code}:${w.message.split(' ')[0]}`);
    expect(codes).toContain('protocol-review-overdue:test-sore-throat');
    expect(codes).toContain('protocol-draft:life-threat-sieve');
  });

  it('refuses to give an outcome while a question is waiting', () => {
    expect(() => outcome(start())).toThrowError(/not finished/);
    expect(triageState(start())).toMatchObject({
      status: 'in-progress',
      question: { question: { id: 'ls-not-breathing' } },
    });
  });
});

describe('going back and changing an answer recompute everything after it', () => {
  const answers = {
    'st-drooling': 'no',
    'st-days': 2,
    'st-symptoms': ['fever'],
    'st-severity': 'mild',
    'st-notes': 'hi',
  };

  it('back removes the last answer and asks that question again, even after the end', () => {
    const done = answerAll(start(), answers);
    const s = back(done);
    expect(nextQuestion(s)?.question.id).toBe('st-notes');
    expect(s.answers).toHaveLength(done.answers.length - 1);
    expect(() => back(start())).toThrowError(LanternError);
  });

  it('drops answers that are no longer on the path and keeps those that still are', () => {
    const done = answerAll(start(), answers);
    const changed = changeAnswer(done, 'st-symptoms', ['glands']);
    const ids = changed.answers.map((a) => a.questionId);
    expect(ids).not.toContain('st-severity');
    expect(ids).toContain('st-notes');
    expect(outcome(changed).disposition.code).toBe('LX-SELF-CARE');
  });

  it('can end the triage early when an earlier answer changes to a red flag', () => {
    const done = answerAll(start(), answers);
    const changed = changeAnswer(done, 'ls-not-breathing', 'yes');
    expect(changed.answers).toEqual([{ questionId: 'ls-not-breathing', value: 'yes' }]);
    expect(outcome(changed).disposition.code).toBe('LX-AMB-C1');
  });

  it('equals a fresh session answered with the new answers', () => {
    const done = answerAll(start(), answers);
    const changed = changeAnswer(done, 'st-days', 10);
    const fresh = answerAll(start(), { ...answers, 'st-days': 10 });
    expect(changed.answers).toEqual(fresh.answers);
    expect(outcome(changed)).toEqual(outcome(fresh));
  });

  it('refuses to change a question that was never asked on this path', () => {
    const s = answerAll(start(), { 'st-drooling': 'no' });
    expect(() => changeAnswer(s, 'st-severity', 'mild')).toThrowError(/has not been asked/);
  });
});

describe('sessions are immutable plain data that replay to the same outcome', () => {
  const answers = { 'st-drooling': 'no', 'st-days': 3, 'st-symptoms': ['pus'], 'st-severity': 'severe' };

  it('never changes a session in place', () => {
    const s0 = start();
    const before = JSON.stringify(s0);
    answer(s0, 'ls-not-breathing', 'no');
    expect(JSON.stringify(s0)).toBe(before);
    expect(Object.isFrozen(s0)).toBe(true);
    expect(Object.isFrozen(s0.answers)).toBe(true);
  });

  it('replays its answers to the identical outcome', () => {
    const s = answerAll(start(), answers);
    const replayed = replayTriage({
      protocol: fixture,
      patient: s.patient,
      presentingComplaint: s.presentingComplaint,
      answers: s.answers,
    });
    expect(outcome(replayed)).toEqual(outcome(s));
  });

  it('survives a JSON round trip through restoreTriage, which re-validates the protocols', () => {
    const s = answerAll(start(), answers);
    const stored: unknown = JSON.parse(JSON.stringify(s));
    const restored = restoreTriage(stored);
    expect(outcome(restored)).toEqual(outcome(s));
    expect(() => nextQuestion(stored as TriageSession)).toThrowError(/restoreTriage/);
  });

  it('refuses a stored session whose answers do not follow the protocol', () => {
    const s = answerAll(start(), answers);
    const tampered = JSON.parse(JSON.stringify(s)) as { answers: { questionId: string; value: unknown }[] };
    tampered.answers.splice(2, 1);
    expect(() => restoreTriage(tampered)).toThrowError(/answers\[2\]/);
  });

  it('accepts a protocol only once it has been validated', () => {
    const copy = structuredClone(fixture);
    expect(() =>
      startTriage({
        protocol: copy,
        patient: { ageYears: 30, sex: 'male' },
        presentingComplaint: 'sore throat',
      }),
    ).toThrowError(LanternError);
    const revalidated = validateProtocol(JSON.parse(JSON.stringify(fixture)));
    expect(() =>
      startTriage({
        protocol: revalidated,
        patient: { ageYears: 30, sex: 'male' },
        presentingComplaint: 'sore throat',
      }),
    ).not.toThrow();
  });
});

describe('starting a triage checks the patient against the protocol', () => {
  it.each([
    [{ ageYears: 4, sex: 'female' }, 'patient.ageYears'],
    [{ ageYears: 90, sex: 'female' }, 'patient.ageYears'],
    [{ ageYears: -1, sex: 'female' }, 'patient.ageYears'],
    [{ ageYears: 30, sex: 'intersex' }, 'patient.sex'],
  ])('refuses %j naming %s', (patient, path) => {
    try {
      startTriage({ protocol: fixture, patient: patient as never, presentingComplaint: 'sore throat' });
      expect.unreachable();
    } catch (e) {
      expect((e as LanternError).code).toBe('E_VALIDATION');
      expect((e as LanternError).details.map((d) => d.path)).toContain(path);
    }
  });

  it('refuses an empty presenting complaint', () => {
    expect(() =>
      startTriage({ protocol: fixture, patient: { ageYears: 30, sex: 'male' }, presentingComplaint: '   ' }),
    ).toThrowError(LanternError);
  });
});
