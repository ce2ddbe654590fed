/**
 * Runs a protocol's own test cases (the `tests:` in its YAML) and measures what they cover:
 * which dispositions were reached, which rules (question → branch edges) fired and which red
 * flags were raised, against everything reachable by walking the protocol graph.
 *
 * Sieve questions not listed in a case's `answers` are answered "no" (or none of the options),
 * so a complaint protocol's case describes only that protocol, and a sieve case only the
 * danger it tests.
 */
import { checkAnswerValue } from './answerValue.js';
import type { AnswerValue } from './conditions.js';
import { mostUrgent } from './dispositions.js';
import { LIFE_THREAT_SIEVE } from './lifeThreatSieve.js';
import type { Protocol, ProtocolTestCase, Question } from './protocolSchema.js';
import type { RuleTarget } from './triageTypes.js';
import { questionIndex, walkTriage } from './walkTriage.js';

/** The outcome code of a sieve test that passes through to the chosen protocol. */
export const CONTINUE_OUTCOME = 'continue';

export interface ProtocolEdge {
  readonly questionId: string;
  readonly ruleIndex: number;
  readonly target: RuleTarget;
}

export interface TestCaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly expected: string;
  readonly actual: string | null;
  readonly problems: readonly string[];
  /** Edges of the protocol under test that this case travelled. */
  readonly edges: readonly ProtocolEdge[];
  readonly redFlags: readonly string[];
}

export interface ProtocolCoverage {
  readonly protocolId: string;
  readonly version: string;
  readonly title: string;
  readonly cases: readonly TestCaseResult[];
  readonly dispositions: readonly { code: string; testedBy: readonly string[] }[];
  readonly edges: readonly (ProtocolEdge & { testedBy: number })[];
  readonly redFlags: readonly { id: string; questionId: string; testedBy: number }[];
  readonly untestedDispositions: readonly string[];
  readonly failedCases: readonly string[];
}

function targetOf(rule: Question['next'][number]): RuleTarget {
  if (rule.goto !== undefined) return { kind: 'question', to: rule.goto };
  if (rule.disposition !== undefined) return { kind: 'disposition', to: rule.disposition };
  return { kind: 'continue', to: null };
}

/** Every edge reachable from the start question, found by walking the graph depth-first. */
export function listReachableEdges(protocol: Protocol): ProtocolEdge[] {
  const index = questionIndex(protocol);
  const seen = new Set<string>();
  const edges: ProtocolEdge[] = [];
  const visit = (id: string): void => {
    const q = index.get(id);
    if (!q || seen.has(id)) return;
    seen.add(id);
    q.next.forEach((rule, ruleIndex) => {
      const target = targetOf(rule);
      edges.push({ questionId: id, ruleIndex, target });
      if (target.kind === 'question' && target.to) visit(target.to);
    });
  };
  visit(protocol.start);
  return edges;
}

/** Every outcome the protocol can give: rule dispositions, red-flag floors, and `continue` for a sieve. */
export function listReachableOutcomes(protocol: Protocol): string[] {
  const edges = listReachableEdges(protocol);
  const asked = new Set(edges.map((e) => e.questionId));
  const codes = new Set<string>();
  for (const e of edges) {
    if (e.target.kind === 'continue') codes.add(CONTINUE_OUTCOME);
    if (e.target.kind === 'disposition' && e.target.to) codes.add(e.target.to);
  }
  for (const q of protocol.questions) {
    if (asked.has(q.id)) for (const f of q.redFlags ?? []) codes.add(f.atLeast);
  }
  return [...codes];
}

function defaultSieveAnswer(q: Question): AnswerValue | undefined {
  if (q.type === 'yes-no') return 'no';
  if (q.type === 'multiple-choice') return [];
  return undefined;
}

function appliesTo(protocol: Protocol, patient: ProtocolTestCase['patient']): string | null {
  const { from, below } = protocol.applicability.ageYears;
  if (patient.ageYears < from || (below !== undefined && patient.ageYears >= below)) {
    return `patient aged ${patient.ageYears} is outside ${protocol.id}'s age range`;
  }
  const sexes = protocol.applicability.sex;
  if (sexes !== 'any' && !sexes.includes(patient.sex))
    return `${protocol.id} does not apply to sex ${patient.sex}`;
  return null;
}

// A test walks at most every question of both stages once; this only stops a runaway loop.
const MAX_STEPS = 1000;

export function runProtocolTestCase(
  protocol: Protocol,
  testCase: ProtocolTestCase,
  sieve: Protocol = LIFE_THREAT_SIEVE,
): TestCaseResult {
  const stages = protocol.kind === 'sieve' ? [protocol] : [sieve, protocol];
  const problems: string[] = [];
  const notApplicable = appliesTo(protocol, testCase.patient);
  if (notApplicable) problems.push(notApplicable);
  const answers = new Map<string, AnswerValue>();
  let walk = walkTriage(stages, testCase.patient, answers);
  for (let i = 0; i < MAX_STEPS && walk.end.kind === 'pending' && problems.length === 0; i++) {
    const { question, protocol: asking } = walk.end;
    const given = Object.hasOwn(testCase.answers, question.id) ? testCase.answers[question.id] : undefined;
    const value =
      given !== undefined ? given : asking.kind === 'sieve' ? defaultSieveAnswer(question) : undefined;
    if (value === undefined) {
      problems.push(`no answer given for ${question.id}`);
      break;
    }
    const checked = checkAnswerValue(question, value, `answers.${question.id}`);
    if (!checked.ok) {
      problems.push(...checked.details.map((d) => `${d.path}: ${d.message}`));
      break;
    }
    answers.set(question.id, checked.value);
    walk = walkTriage(stages, testCase.patient, answers);
  }

  const redFlags = walk.steps.flatMap((s) => s.redFlags.map((f) => f.id));
  let actual: string | null = null;
  if (walk.end.kind === 'disposition') {
    actual = mostUrgent([walk.end.code, ...walk.steps.flatMap((s) => s.redFlags.map((f) => f.atLeast))]);
  } else if (walk.end.kind === 'continued') {
    actual = CONTINUE_OUTCOME;
  }
  if (problems.length === 0 && actual !== testCase.expect) {
    problems.push(`expected ${testCase.expect} but reached ${actual ?? 'no disposition'}`);
  }
  const onPath = new Set(walk.path.map((a) => a.questionId));
  for (const id of Object.keys(testCase.answers)) {
    if (!onPath.has(id))
      problems.push(`answer for ${id} was never asked (the test does not follow the path it describes)`);
  }
  if (testCase.redFlags) {
    const want = [...testCase.redFlags].sort();
    const got = [...new Set(redFlags)].sort();
    if (want.join(',') !== got.join(','))
      problems.push(`expected red flags [${want.join(', ')}] but got [${got.join(', ')}]`);
  }
  return {
    name: testCase.name,
    passed: problems.length === 0,
    expected: testCase.expect,
    actual,
    problems,
    edges: walk.steps
      .filter((s) => s.protocol === protocol)
      .map((s) => ({ questionId: s.question.id, ruleIndex: s.ruleIndex, target: targetOf(s.rule) })),
    redFlags,
  };
}

export function computeProtocolCoverage(
  protocol: Protocol,
  testCases: readonly ProtocolTestCase[],
  sieve: Protocol = LIFE_THREAT_SIEVE,
): ProtocolCoverage {
  const cases = testCases.map((t) => runProtocolTestCase(protocol, t, sieve));
  const passing = cases.filter((c) => c.passed);
  const outcomes = listReachableOutcomes(protocol);
  const dispositions = outcomes.map((code) => ({
    code,
    testedBy: passing.filter((c) => c.actual === code).map((c) => c.name),
  }));
  const edgeKey = (e: { questionId: string; ruleIndex: number }) => `${e.questionId}#${e.ruleIndex}`;
  const edgeCounts = new Map<string, number>();
  for (const c of passing)
    for (const e of new Set(c.edges.map(edgeKey))) edgeCounts.set(e, (edgeCounts.get(e) ?? 0) + 1);
  const flagCounts = new Map<string, number>();
  for (const c of passing)
    for (const f of new Set(c.redFlags)) flagCounts.set(f, (flagCounts.get(f) ?? 0) + 1);
  const index = questionIndex(protocol);
  const asked = new Set(listReachableEdges(protocol).map((e) => e.questionId));
  return {
    protocolId: protocol.id,
    version: protocol.version,
    title: protocol.title,
    cases,
    dispositions,
    edges: listReachableEdges(protocol).map((e) => ({ ...e, testedBy: edgeCounts.get(edgeKey(e)) ?? 0 })),
    redFlags: [...index.values()]
      .filter((q) => asked.has(q.id))
      .flatMap((q) =>
        (q.redFlags ?? []).map((f) => ({ id: f.id, questionId: q.id, testedBy: flagCounts.get(f.id) ?? 0 })),
      ),
    untestedDispositions: dispositions.filter((d) => d.testedBy.length === 0).map((d) => d.code),
    failedCases: cases.filter((c) => !c.passed).map((c) => c.name),
  };
}
