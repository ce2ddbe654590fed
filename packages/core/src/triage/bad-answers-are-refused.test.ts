import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ErrorDetail, LanternError } from '../errors/catalogue.js';
import { checkAnswerValue } from './answerValue.js';
import { parseProtocolYaml } from './loadProtocolFromYaml.js';
import type { Question } from './protocolSchema.js';
import { answer, nextQuestion, startTriage } from './triageSession.js';
import type { TriageSession } from './triageTypes.js';

const fixture = parseProtocolYaml(
  readFileSync(new URL('./fixtures/sore-throat.yaml', import.meta.url), 'utf8'),
).protocol;

/** A session waiting at the given protocol question (sieve answered "no" / none). */
function waitingAt(questionId: string, earlier: Record<string, unknown> = {}): TriageSession {
  let s = startTriage({
    protocol: fixture,
    patient: { ageYears: 30, sex: 'male' },
    presentingComplaint: 'sore throat',
  });
  for (let q = nextQuestion(s); q && q.question.id !== questionId; q = nextQuestion(s)) {
    const id = q.question.id;
    s = answer(s, id, id in earlier ? earlier[id] : q.question.type === 'yes-no' ? 'no' : []);
  }
  expect(nextQuestion(s)?.question.id).toBe(questionId);
  return s;
}

function refusal(attempt: () => unknown): { message: string; details: ErrorDetail[] } {
  try {
    attempt();
  } catch (e) {
    expect(e).toBeInstanceOf(LanternError);
    expect((e as LanternError).code).toBe('E_VALIDATION');
    expect((e as LanternError).status).toBe(400);
    return { message: (e as LanternError).message, details: (e as LanternError).details };
  }
  throw new Error('expected the answer to be refused');
}

describe('answers of the wrong type are refused with E_VALIDATION naming the problem', () => {
  it.each([
    ['yes-no given a boolean', 'st-drooling', true, 'value', /expects "yes" or "no"/],
    ['yes-no given "Yes"', 'st-drooling', 'Yes', 'value', /expects "yes" or "no"/],
    ['number given text', 'st-days', '3', 'value', /expects a number in days/],
    ['number given NaN', 'st-days', Number.NaN, 'value', /expects a number/],
    ['number out of range', 'st-days', 61, 'value', /outside the plausible range 0–60 days/],
    ['number below range', 'st-days', -1, 'value', /outside the plausible range/],
    ['fractional number for a whole-number question', 'st-days', 2.5, 'value', /whole number/],
    ['multiple choice given a string', 'st-symptoms', 'fever', 'value', /expects a list of options/],
    [
      'multiple choice with an unknown option',
      'st-symptoms',
      ['fever', 'rash'],
      'value[1]',
      /is not an option/,
    ],
    ['multiple choice with a repeated option', 'st-symptoms', ['fever', 'fever'], 'value[1]', /given twice/],
    [
      'single choice with an unknown option',
      'st-severity',
      'agony',
      'value',
      /expects one of mild, moderate, severe/,
    ],
    ['free text over its limit', 'st-notes', 'x'.repeat(201), 'value', /longer than 200/],
    ['free text with a NUL character', 'st-notes', 'a\u0000b', 'value', /NUL/],
  ])('%s', (_name, questionId, value, path, message) => {
    const earlier = { 'st-days': 2, 'st-symptoms': ['fever'] };
    const s =
      questionId === 'st-notes'
        ? waitingAt('st-notes', { 'st-drooling': 'no', 'st-days': 1, 'st-symptoms': [] })
        : waitingAt(questionId, earlier);
    const { details } = refusal(() => answer(s, questionId, value));
    expect(details[0]?.path).toBe(path);
    expect(details[0]?.message).toMatch(message);
  });

  it('accepts "not known" only for an optional number', () => {
    const optional = waitingAt('st-days');
    expect(nextQuestion(answer(optional, 'st-days', null))?.question.id).toBe('st-symptoms');
    const required: Question = {
      id: 'q-pulse',
      type: 'number',
      text: 'Pulse',
      unit: 'beats/min',
      min: 20,
      max: 250,
      next: [{ disposition: 'LX-SELF-CARE' }],
    };
    expect(checkAnswerValue(required, null)).toEqual({
      ok: false,
      details: [
        { path: 'value', message: 'question q-pulse needs a number; "not known" is not allowed here' },
      ],
    });
  });
});

describe('answers to the wrong question are refused', () => {
  it('refuses an unknown question id, naming it', () => {
    const { details } = refusal(() => answer(waitingAt('st-drooling'), 'st-colour', 'yes'));
    expect(details).toEqual([
      {
        path: 'questionId',
        message: 'st-colour is not a question of test-sore-throat 2.1.0 or of the sieve',
      },
    ]);
  });

  it('refuses a question id that is not a string', () => {
    const { details } = refusal(() => answer(waitingAt('st-drooling'), 42 as unknown as string, 'yes'));
    expect(details[0]).toEqual({ path: 'questionId', message: 'questionId must be a string' });
  });

  it('refuses a later question that is not being asked yet', () => {
    const { details } = refusal(() => answer(waitingAt('st-drooling'), 'st-severity', 'mild'));
    expect(details[0]).toEqual({
      path: 'questionId',
      message: 'st-severity is not being asked (the current question is st-drooling)',
    });
  });

  it('refuses to answer an already-answered question again (use changeAnswer)', () => {
    const { details } = refusal(() => answer(waitingAt('st-days'), 'st-drooling', 'no'));
    expect(details[0]?.message).toBe('st-drooling was already answered; use changeAnswer to change it');
  });

  it('refuses any answer once the triage has finished', () => {
    const finished = answer(waitingAt('st-drooling'), 'st-drooling', 'yes');
    expect(nextQuestion(finished)).toBeNull();
    const { message, details } = refusal(() => answer(finished, 'st-days', 3));
    expect(message).toBe('The triage has finished at LX-AMB-C2');
    expect(details[0]?.path).toBe('questionId');
  });
});
