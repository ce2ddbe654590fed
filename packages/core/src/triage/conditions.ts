/**
 * Evaluating and describing rule and red-flag conditions.
 *
 * A leaf without `question` tests the answer to the question that owns the rule. Load-time
 * checks guarantee any other question a condition names is asked on every path before it, so
 * "not answered" only happens for a number answered as not known (null): then every
 * comparison is false and `known: false` is true. Authors put the cautious branch first.
 */
import type { News2Result } from './news2.js';
import type { Condition, PatientSex, Question } from './protocolSchema.js';

export type AnswerValue = string | number | null | readonly string[];

export interface ConditionPatient {
  ageYears: number;
  sex: PatientSex;
  pregnant?: boolean | undefined;
}

export interface ConditionContext {
  /** The question whose rule or red flag is being evaluated. */
  currentQuestionId: string;
  answers: ReadonlyMap<string, AnswerValue>;
  patient: ConditionPatient;
  news2: News2Result | null;
}

function answerOf(ctx: ConditionContext, question: string | undefined): AnswerValue | undefined {
  return ctx.answers.get(question ?? ctx.currentQuestionId);
}

function compareNumber(value: AnswerValue | undefined, test: (n: number) => boolean): boolean {
  return typeof value === 'number' && test(value);
}

export function evaluateCondition(c: Condition, ctx: ConditionContext): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, ctx));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, ctx));
  if ('not' in c) return !evaluateCondition(c.not, ctx);
  if ('news2' in c) {
    if (ctx.news2 === null) return false;
    if (c.news2.atLeast !== undefined) return ctx.news2.total >= c.news2.atLeast;
    return ctx.news2.anyParameterScored3 === c.news2.anyParameterScored3;
  }
  if ('ageYears' in c) {
    const age = ctx.patient.ageYears;
    return (
      (c.ageYears.atLeast === undefined || age >= c.ageYears.atLeast) &&
      (c.ageYears.below === undefined || age < c.ageYears.below)
    );
  }
  if ('sex' in c) return c.sex.includes(ctx.patient.sex);
  if ('pregnant' in c) return (ctx.patient.pregnant === true) === c.pregnant;

  const value = answerOf(ctx, c.question);
  if ('is' in c) return value === c.is;
  if ('isOneOf' in c) return typeof value === 'string' && c.isOneOf.includes(value);
  if ('includes' in c) return Array.isArray(value) && value.includes(c.includes);
  if ('includesAny' in c) return Array.isArray(value) && c.includesAny.some((o) => value.includes(o));
  if ('atLeast' in c) return compareNumber(value, (n) => n >= c.atLeast);
  if ('atMost' in c) return compareNumber(value, (n) => n <= c.atMost);
  if ('above' in c) return compareNumber(value, (n) => n > c.above);
  if ('below' in c) return compareNumber(value, (n) => n < c.below);
  return (value !== null && value !== undefined) === c.known;
}

/** The question ids a condition reads (leaves without `question` read `ownerId`). */
export function referencedQuestions(c: Condition, ownerId: string): string[] {
  if ('all' in c) return c.all.flatMap((x) => referencedQuestions(x, ownerId));
  if ('any' in c) return c.any.flatMap((x) => referencedQuestions(x, ownerId));
  if ('not' in c) return referencedQuestions(c.not, ownerId);
  if ('news2' in c || 'ageYears' in c || 'sex' in c || 'pregnant' in c) return [];
  return [c.question ?? ownerId];
}

export function usesNews2(c: Condition): boolean {
  if ('all' in c) return c.all.some(usesNews2);
  if ('any' in c) return c.any.some(usesNews2);
  if ('not' in c) return usesNews2(c.not);
  return 'news2' in c;
}

function optionLabel(q: Question | undefined, id: string): string {
  if (q && (q.type === 'single-choice' || q.type === 'multiple-choice')) {
    return q.options.find((o) => o.id === id)?.label ?? id;
  }
  return id;
}

function unitOf(q: Question | undefined): string {
  return q?.type === 'number' ? ` ${q.unit}` : '';
}

/** Plain words for the transcript, e.g. `answer to cp-radiates is "yes"`. */
export function describeCondition(
  c: Condition,
  ownerId: string,
  lookup: (id: string) => Question | undefined,
): string {
  if ('all' in c) return `all of (${c.all.map((x) => describeCondition(x, ownerId, lookup)).join('; ')})`;
  if ('any' in c) return `any of (${c.any.map((x) => describeCondition(x, ownerId, lookup)).join('; ')})`;
  if ('not' in c) return `not (${describeCondition(c.not, ownerId, lookup)})`;
  if ('news2' in c) {
    return c.news2.atLeast !== undefined
      ? `NEWS2 total is at least ${c.news2.atLeast}`
      : `NEWS2 ${c.news2.anyParameterScored3 ? 'has' : 'has no'} single parameter scoring 3`;
  }
  if ('ageYears' in c) {
    const parts = [
      c.ageYears.atLeast !== undefined ? `at least ${c.ageYears.atLeast}` : '',
      c.ageYears.below !== undefined ? `under ${c.ageYears.below}` : '',
    ].filter(Boolean);
    return `patient age is ${parts.join(' and ')} years`;
  }
  if ('sex' in c) return `patient sex is ${c.sex.join(' or ')}`;
  if ('pregnant' in c) return c.pregnant ? 'patient is pregnant' : 'patient is not pregnant';

  const id = c.question ?? ownerId;
  const q = lookup(id);
  const subject = `answer to ${id}`;
  if ('is' in c) return `${subject} is "${optionLabel(q, c.is)}"`;
  if ('isOneOf' in c)
    return `${subject} is one of ${c.isOneOf.map((o) => `"${optionLabel(q, o)}"`).join(', ')}`;
  if ('includes' in c) return `${subject} includes "${optionLabel(q, c.includes)}"`;
  if ('includesAny' in c) {
    return `${subject} includes any of ${c.includesAny.map((o) => `"${optionLabel(q, o)}"`).join(', ')}`;
  }
  if ('atLeast' in c) return `${subject} is at least ${c.atLeast}${unitOf(q)}`;
  if ('atMost' in c) return `${subject} is at most ${c.atMost}${unitOf(q)}`;
  if ('above' in c) return `${subject} is above ${c.above}${unitOf(q)}`;
  if ('below' in c) return `${subject} is below ${c.below}${unitOf(q)}`;
  return c.known ? `${subject} is known` : `${subject} is not known`;
}
