/**
 * The one place a triage is evaluated: walk the protocols from the start with the answers
 * given, and stop at the first unanswered question or at a disposition.
 *
 * Everything the engine reports (next question, transcript, red flags, NEWS2, outcome) comes
 * from this walk, so changing an earlier answer cannot leave stale state behind: the next
 * walk simply takes the new path and ignores answers that are no longer on it.
 */
import { type AnswerValue, type ConditionPatient, evaluateCondition } from './conditions.js';
import { calculateNews2, type News2Result, news2Applicability } from './news2.js';
import type { ObservationTag, Protocol, Question, Rule } from './protocolSchema.js';
import type { FiredRedFlag, TriageAnswer } from './triageTypes.js';

export interface WalkStep {
  readonly stageIndex: number;
  readonly protocol: Protocol;
  readonly question: Question;
  readonly value: AnswerValue;
  readonly ruleIndex: number;
  readonly rule: Rule;
  readonly redFlags: readonly FiredRedFlag[];
  readonly news2: News2Result | null;
}

export type WalkEnd =
  | {
      readonly kind: 'pending';
      readonly stageIndex: number;
      readonly protocol: Protocol;
      readonly question: Question;
    }
  | {
      readonly kind: 'disposition';
      readonly stageIndex: number;
      readonly protocol: Protocol;
      readonly code: string;
    }
  | { readonly kind: 'continued' };

export interface Walk {
  readonly steps: readonly WalkStep[];
  readonly end: WalkEnd;
  /** NEWS2 for the stage that ended the walk, if its observations were complete and applicable. */
  readonly news2: News2Result | null;
  readonly news2NotApplicable: string | null;
  /** The answers on the path, in the order asked. */
  readonly path: readonly TriageAnswer[];
}

const indexes = new WeakMap<Protocol, ReadonlyMap<string, Question>>();

export function questionIndex(protocol: Protocol): ReadonlyMap<string, Question> {
  let index = indexes.get(protocol);
  if (!index) {
    index = new Map(protocol.questions.map((q) => [q.id, q]));
    indexes.set(protocol, index);
  }
  return index;
}

function getQuestion(protocol: Protocol, id: string): Question {
  const q = questionIndex(protocol).get(id);
  // validateProtocol proved every reference resolves; reaching this is a bug, not bad input.
  if (!q) throw new Error(`protocol ${protocol.id} has no question ${id}`);
  return q;
}

type Observations = Partial<Record<ObservationTag, AnswerValue>>;

function scoreIfComplete(obs: Observations, patient: ConditionPatient): News2Result | null {
  const {
    respiratoryRate,
    oxygenSaturation,
    supplementalOxygen,
    systolicBloodPressure,
    pulseRate,
    temperature,
  } = obs;
  const consciousness = obs.alteredConsciousness;
  if (
    typeof respiratoryRate !== 'number' ||
    typeof oxygenSaturation !== 'number' ||
    typeof systolicBloodPressure !== 'number' ||
    typeof pulseRate !== 'number' ||
    typeof temperature !== 'number' ||
    (supplementalOxygen !== 'yes' && supplementalOxygen !== 'no') ||
    (consciousness !== 'yes' && consciousness !== 'no') ||
    !news2Applicability(patient).applicable
  ) {
    return null;
  }
  return calculateNews2({
    respiratoryRate,
    oxygenSaturation,
    spo2Scale: obs.hypercapnicRespiratoryFailure === 'yes' ? 2 : 1,
    supplementalOxygen: supplementalOxygen === 'yes',
    systolicBloodPressure,
    pulseRate,
    consciousness: consciousness === 'yes' ? 'new-confusion' : 'alert',
    temperature,
  });
}

export function walkTriage(
  stages: readonly Protocol[],
  patient: ConditionPatient,
  answers: ReadonlyMap<string, AnswerValue>,
): Walk {
  const steps: WalkStep[] = [];
  const path: TriageAnswer[] = [];
  const onPath = new Map<string, AnswerValue>();
  let news2: News2Result | null = null;
  let observed = false;

  for (const [stageIndex, protocol] of stages.entries()) {
    const obs: Observations = {};
    news2 = null;
    observed = false;
    let id = protocol.start;
    for (;;) {
      const question = getQuestion(protocol, id);
      const value = answers.get(id);
      if (value === undefined) {
        return {
          steps,
          end: { kind: 'pending', stageIndex, protocol, question },
          news2,
          news2NotApplicable: null,
          path,
        };
      }
      onPath.set(id, value);
      path.push({ questionId: id, value });

      let newScore: News2Result | null = null;
      if ((question.type === 'number' || question.type === 'yes-no') && question.observation) {
        obs[question.observation] = value;
        observed = true;
        if (news2 === null) {
          newScore = scoreIfComplete(obs, patient);
          news2 = newScore;
        }
      }

      const ctx = { currentQuestionId: id, answers: onPath, patient, news2 };
      const redFlags = (question.redFlags ?? [])
        .filter((f) => evaluateCondition(f.when, ctx))
        .map(
          (f): FiredRedFlag => ({
            id: f.id,
            label: f.label,
            atLeast: f.atLeast,
            protocolId: protocol.id,
            questionId: id,
            source: f.source ?? null,
          }),
        );
      const ruleIndex = question.next.findIndex(
        (r) => r.when === undefined || evaluateCondition(r.when, ctx),
      );
      const rule = question.next[ruleIndex];
      // The last rule is unconditional (validated), so a rule always matches.
      if (!rule) throw new Error(`protocol ${protocol.id}: no rule matched at ${id}`);
      steps.push({ stageIndex, protocol, question, value, ruleIndex, rule, redFlags, news2: newScore });

      if (rule.goto !== undefined) {
        id = rule.goto;
        continue;
      }
      if (rule.disposition !== undefined) {
        const applicability = news2Applicability(patient);
        const notApplicable = observed && !applicability.applicable ? applicability.reason : null;
        return {
          steps,
          end: { kind: 'disposition', stageIndex, protocol, code: rule.disposition },
          news2,
          news2NotApplicable: notApplicable,
          path,
        };
      }
      break; // continue: on to the next stage
    }
  }
  return { steps, end: { kind: 'continued' }, news2, news2NotApplicable: null, path };
}
