/**
 * From a finished walk to the outcome record: the pathway disposition raised to the highest
 * red-flag floor, the full transcript, scores and warnings.
 *
 * The floor is applied here, after branching, as a safety net: even if a protocol's rules
 * forget a red flag, the disposition can never end below it.
 */
import { describeAnswer } from './answerValue.js';
import { describeCondition } from './conditions.js';
import { deepFreeze } from './deepFreeze.js';
import { getDisposition, mostUrgent } from './dispositions.js';
import type { Protocol, Rule } from './protocolSchema.js';
import type {
  RuleTarget,
  TranscriptEntry,
  TriageOutcome,
  TriageSession,
  TriageWarning,
} from './triageTypes.js';
import { questionIndex, type Walk, type WalkStep } from './walkTriage.js';

function targetOf(rule: Rule): RuleTarget {
  if (rule.goto !== undefined) return { kind: 'question', to: rule.goto };
  if (rule.disposition !== undefined) return { kind: 'disposition', to: rule.disposition };
  return { kind: 'continue', to: null };
}

function describeRule(step: WalkStep): string {
  if (step.rule.reason) return step.rule.reason;
  if (!step.rule.when) return step.ruleIndex === 0 ? 'always' : 'otherwise (no earlier rule matched)';
  const index = questionIndex(step.protocol);
  return describeCondition(step.rule.when, step.question.id, (id) => index.get(id));
}

export function buildTranscript(steps: readonly WalkStep[]): TranscriptEntry[] {
  return steps.map((step) => ({
    stage: step.stageIndex === 0 ? 'sieve' : 'protocol',
    protocolId: step.protocol.id,
    protocolVersion: step.protocol.version,
    questionId: step.question.id,
    questionText: step.question.text,
    answer: step.value,
    answerText: describeAnswer(step.question, step.value),
    ruleFired: { index: step.ruleIndex, description: describeRule(step), target: targetOf(step.rule) },
    redFlags: step.redFlags,
    news2: step.news2,
  }));
}

function warningsFor(session: TriageSession, walk: Walk): TriageWarning[] {
  const warnings: TriageWarning[] = [];
  for (const p of [session.sieve, session.protocol] as const satisfies readonly Protocol[]) {
    if (p.status === 'draft') {
      warnings.push({
        code: 'protocol-draft',
        message: `${p.id} ${p.version} is a draft and has not been signed off by the clinical safety officer`,
      });
    }
    if (session.asOf !== null && p.reviewDate < session.asOf) {
      warnings.push({
        code: 'protocol-review-overdue',
        message: `${p.id} ${p.version} was due for review on ${p.reviewDate}`,
      });
    }
  }
  if (walk.news2NotApplicable)
    warnings.push({ code: 'news2-not-applicable', message: walk.news2NotApplicable });
  return warnings;
}

export function buildOutcome(session: TriageSession, walk: Walk): TriageOutcome {
  if (walk.end.kind !== 'disposition')
    throw new Error('buildOutcome needs a walk that reached a disposition');
  const pathwayCode = walk.end.code;
  const redFlags = walk.steps.flatMap((s) => s.redFlags);
  const finalCode = mostUrgent([pathwayCode, ...redFlags.map((f) => f.atLeast)]);
  const disposition = getDisposition(finalCode);
  const ending = walk.end.protocol;
  return deepFreeze({
    protocol: {
      id: session.protocol.id,
      version: session.protocol.version,
      title: session.protocol.title,
      status: session.protocol.status,
      reviewDate: session.protocol.reviewDate,
    },
    sieve: { id: session.sieve.id, version: session.sieve.version },
    patient: session.patient,
    presentingComplaint: session.presentingComplaint,
    endedIn: walk.end.stageIndex === 0 ? 'sieve' : 'protocol',
    disposition,
    engineDisposition: disposition,
    pathwayDispositionCode: pathwayCode,
    raisedByRedFlags:
      finalCode === pathwayCode ? [] : redFlags.filter((f) => f.atLeast === finalCode).map((f) => f.id),
    redFlags,
    scores: { news2: walk.news2 },
    protocolAdvice: ending.advice?.[finalCode] ?? [],
    transcript: buildTranscript(walk.steps),
    warnings: warningsFor(session, walk),
    overrides: [],
  });
}
