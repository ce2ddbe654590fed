/**
 * Turns untrusted protocol data into a `Protocol`, or refuses with every problem and its path.
 *
 * Beyond the zod shape, the checks here prove the graph is safe to run before anything is
 * asked: every reference resolves, every question is reachable, there are no cycles, every
 * question ends with an unconditional rule (so every path reaches a disposition), and a
 * condition only reads questions that are asked on every path before it (its dominators), so
 * a rule can never silently read a missing answer.
 */
import { type ErrorDetail, LanternError } from '../errors/catalogue.js';
import { referencedQuestions, usesNews2 } from './conditions.js';
import { deepFreeze } from './deepFreeze.js';
import { isDispositionCode } from './dispositions.js';
import { NEWS2_PLAUSIBLE_RANGES, NEWS2_REQUIRED_OBSERVATIONS } from './news2.js';
import { analyseGraph, type ProtocolGraph } from './protocolGraph.js';
import {
  type Condition,
  type ObservationTag,
  type Protocol,
  type ProtocolDefinition,
  type ProtocolDocument,
  type ProtocolTestCase,
  protocolDocumentSchema,
  type Question,
} from './protocolSchema.js';

export interface ValidatedDocument {
  protocol: Protocol;
  testCases: readonly ProtocolTestCase[];
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

const validated = new WeakSet<object>();

/** True only for protocol objects produced by `validateProtocol` in this process. */
export function isValidatedProtocol(value: unknown): value is Protocol {
  return typeof value === 'object' && value !== null && validated.has(value);
}

type Problems = ErrorDetail[];

function checkReferencesAndRules(
  doc: ProtocolDocument,
  index: Map<string, number>,
  problems: Problems,
): void {
  const declared = new Set(doc.dispositions);
  doc.dispositions.forEach((code, i) => {
    if (!isDispositionCode(code)) {
      problems.push({ path: `dispositions[${i}]`, message: `${code} is not in the disposition catalogue` });
    }
    if (doc.dispositions.indexOf(code) !== i) {
      problems.push({ path: `dispositions[${i}]`, message: `${code} is listed twice` });
    }
  });
  if (!index.has(doc.start))
    problems.push({ path: 'start', message: `start question ${doc.start} does not exist` });

  doc.questions.forEach((q, qi) => {
    const base = `questions[${qi}]`;
    q.next.forEach((rule, ri) => {
      const path = `${base}.next[${ri}]`;
      const isLast = ri === q.next.length - 1;
      if (isLast && rule.when !== undefined) {
        problems.push({
          path: `${path}.when`,
          message: `question ${q.id}: the last rule must have no "when", otherwise some answers lead nowhere (a path with no disposition)`,
        });
      }
      if (!isLast && rule.when === undefined) {
        problems.push({
          path,
          message: `question ${q.id}: rule ${ri} has no "when", so the rules after it can never fire`,
        });
      }
      if (rule.goto !== undefined && !index.has(rule.goto)) {
        problems.push({
          path: `${path}.goto`,
          message: `question ${q.id} goes to ${rule.goto}, which does not exist`,
        });
      }
      if (rule.goto === q.id) {
        problems.push({ path: `${path}.goto`, message: `question ${q.id} goes to itself` });
      }
      if (rule.disposition !== undefined && !declared.has(rule.disposition)) {
        problems.push({
          path: `${path}.disposition`,
          message: `question ${q.id} ends at ${rule.disposition}, which is not in this protocol's dispositions list`,
        });
      }
      if (rule.continue && doc.kind !== 'sieve') {
        problems.push({
          path: `${path}.continue`,
          message: 'only the life-threat sieve may continue to another protocol',
        });
      }
    });
    (q.redFlags ?? []).forEach((flag, fi) => {
      if (!declared.has(flag.atLeast)) {
        problems.push({
          path: `${base}.redFlags[${fi}].atLeast`,
          message: `red flag ${flag.id} sets a floor of ${flag.atLeast}, which is not in this protocol's dispositions list`,
        });
      }
    });
  });

  const used = new Set(
    doc.questions.flatMap((q) => [
      ...q.next.flatMap((r) => (r.disposition ? [r.disposition] : [])),
      ...(q.redFlags ?? []).map((f) => f.atLeast),
    ]),
  );
  doc.dispositions.forEach((code, i) => {
    if (!used.has(code)) {
      problems.push({
        path: `dispositions[${i}]`,
        message: `${code} is declared but no rule or red flag can give it`,
      });
    }
  });
  for (const code of Object.keys(doc.advice ?? {})) {
    if (!declared.has(code))
      problems.push({
        path: `advice.${code}`,
        message: `advice for ${code}, which this protocol cannot give`,
      });
  }
  if (doc.kind === 'sieve' && !doc.questions.some((q) => q.next.some((r) => r.continue))) {
    problems.push({
      path: 'questions',
      message: 'a sieve needs at least one rule that continues to the chosen protocol',
    });
  }
}

function checkUniqueIds(doc: ProtocolDocument, problems: Problems): Map<string, number> {
  const index = new Map<string, number>();
  const flags = new Set<string>();
  const tags = new Map<ObservationTag, string>();
  doc.questions.forEach((q, qi) => {
    if (index.has(q.id))
      problems.push({ path: `questions[${qi}].id`, message: `question id ${q.id} is used twice` });
    else index.set(q.id, qi);
    if (q.type === 'single-choice' || q.type === 'multiple-choice') {
      const seen = new Set<string>();
      q.options.forEach((o, oi) => {
        if (seen.has(o.id))
          problems.push({
            path: `questions[${qi}].options[${oi}].id`,
            message: `option ${o.id} is used twice`,
          });
        seen.add(o.id);
      });
    }
    if (q.type === 'number') {
      if (q.min >= q.max)
        problems.push({
          path: `questions[${qi}].max`,
          message: `question ${q.id}: max must be greater than min`,
        });
      if (q.observation) {
        const [lo, hi] = NEWS2_PLAUSIBLE_RANGES[q.observation];
        if (q.min < lo || q.max > hi) {
          problems.push({
            path: `questions[${qi}]`,
            message: `question ${q.id}: range ${q.min}–${q.max} for ${q.observation} must lie within ${lo}–${hi}`,
          });
        }
      }
    }
    if ((q.type === 'number' || q.type === 'yes-no') && q.observation) {
      const other = tags.get(q.observation);
      if (other) {
        problems.push({
          path: `questions[${qi}].observation`,
          message: `${q.observation} is already supplied by ${other}`,
        });
      }
      tags.set(q.observation, q.id);
    }
    (q.redFlags ?? []).forEach((f, fi) => {
      if (flags.has(f.id))
        problems.push({
          path: `questions[${qi}].redFlags[${fi}].id`,
          message: `red flag id ${f.id} is used twice`,
        });
      flags.add(f.id);
    });
  });
  return index;
}

function conditionLeaves(c: Condition): Condition[] {
  if ('all' in c) return c.all.flatMap(conditionLeaves);
  if ('any' in c) return c.any.flatMap(conditionLeaves);
  if ('not' in c) return conditionLeaves(c.not);
  return [c];
}

function checkLeaf(leaf: Condition, target: Question, path: string, problems: Problems): void {
  const optionIds =
    target.type === 'single-choice' || target.type === 'multiple-choice'
      ? target.options.map((o) => o.id)
      : [];
  const fail = (message: string) =>
    problems.push({ path, message: `${message} (question ${target.id} is ${target.type})` });
  const checkOptions = (values: readonly string[]) => {
    for (const v of values) if (!optionIds.includes(v)) fail(`"${v}" is not an option of ${target.id}`);
  };
  if (target.type === 'free-text') {
    fail('free text cannot drive branching or red flags: it is too ambiguous to read reliably');
  } else if ('is' in leaf || 'isOneOf' in leaf) {
    const values = 'is' in leaf ? [leaf.is] : leaf.isOneOf;
    if (target.type === 'yes-no') {
      for (const v of values) if (v !== 'yes' && v !== 'no') fail(`"${v}" is not yes or no`);
    } else if (target.type === 'single-choice') checkOptions(values);
    else fail('"is" and "isOneOf" apply to yes-no and single-choice questions');
  } else if ('includes' in leaf || 'includesAny' in leaf) {
    if (target.type !== 'multiple-choice')
      fail('"includes" and "includesAny" apply to multiple-choice questions');
    else checkOptions('includes' in leaf ? [leaf.includes] : leaf.includesAny);
  } else if ('atLeast' in leaf || 'atMost' in leaf || 'above' in leaf || 'below' in leaf || 'known' in leaf) {
    if (target.type !== 'number') fail('numeric comparisons and "known" apply to number questions');
  }
}

function checkConditions(
  doc: ProtocolDocument,
  index: Map<string, number>,
  graph: ProtocolGraph,
  problems: Problems,
): void {
  const tagOwner = new Map<string, string>();
  for (const q of doc.questions) {
    if ((q.type === 'number' || q.type === 'yes-no') && q.observation) tagOwner.set(q.observation, q.id);
  }
  doc.questions.forEach((q, qi) => {
    const askedBefore = graph.dominators.get(q.id) ?? new Set<string>();
    const conditions: Array<[string, Condition]> = [
      ...q.next.flatMap(
        (r, ri): Array<[string, Condition]> =>
          r.when ? [[`questions[${qi}].next[${ri}].when`, r.when]] : [],
      ),
      ...(q.redFlags ?? []).map((f, fi): [string, Condition] => [
        `questions[${qi}].redFlags[${fi}].when`,
        f.when,
      ]),
    ];
    for (const [path, condition] of conditions) {
      for (const leaf of conditionLeaves(condition)) {
        for (const ref of referencedQuestions(leaf, q.id)) {
          const ti = index.get(ref);
          const target = ti === undefined ? undefined : doc.questions[ti];
          if (!target) {
            problems.push({
              path,
              message: `question ${q.id}: condition refers to ${ref}, which does not exist`,
            });
          } else if (ref !== q.id && !askedBefore.has(ref)) {
            problems.push({
              path,
              message: `question ${q.id}: condition reads ${ref}, which is not asked on every path before ${q.id}`,
            });
          } else {
            checkLeaf(leaf, target, path, problems);
          }
        }
      }
      if (usesNews2(condition)) {
        const missing = NEWS2_REQUIRED_OBSERVATIONS.filter((tag) => {
          const owner = tagOwner.get(tag);
          return owner === undefined || (owner !== q.id && !askedBefore.has(owner));
        });
        if (missing.length > 0) {
          problems.push({
            path,
            message: `question ${q.id}: NEWS2 condition, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not asked on every path before it`,
          });
        }
      }
    }
  });
}

function checkTestCases(doc: ProtocolDocument, index: Map<string, number>, problems: Problems): void {
  const flagIds = new Set(doc.questions.flatMap((q) => (q.redFlags ?? []).map((f) => f.id)));
  (doc.tests ?? []).forEach((t, ti) => {
    const base = `tests[${ti}]`;
    for (const qid of Object.keys(t.answers)) {
      if (!index.has(qid))
        problems.push({
          path: `${base}.answers.${qid}`,
          message: `test "${t.name}" answers unknown question ${qid}`,
        });
    }
    const expectOk = doc.dispositions.includes(t.expect) || (doc.kind === 'sieve' && t.expect === 'continue');
    if (!expectOk) {
      problems.push({
        path: `${base}.expect`,
        message: `test "${t.name}" expects ${t.expect}, which this protocol cannot give`,
      });
    }
    for (const f of t.redFlags ?? []) {
      if (!flagIds.has(f))
        problems.push({
          path: `${base}.redFlags`,
          message: `test "${t.name}" expects unknown red flag ${f}`,
        });
    }
  });
}

function refuse(source: string | undefined, id: unknown, problems: Problems): never {
  const where = source ? `${source}: ` : '';
  const name = typeof id === 'string' ? `protocol ${id}` : 'protocol';
  const first = problems[0];
  const summary = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'unknown problem';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new LanternError('E_VALIDATION', `${where}${name} is not valid: ${summary}${more}`, problems);
}

/**
 * Validates a whole protocol document (protocol plus optional `tests`). Throws E_VALIDATION
 * whose message names the source and first problem, and whose details list every problem.
 */
export function validateProtocolDocument(input: unknown, source?: string): ValidatedDocument {
  const parsed = protocolDocumentSchema.safeParse(input);
  const rawId = input && typeof input === 'object' && 'id' in input ? input.id : undefined;
  if (!parsed.success) {
    refuse(
      source,
      rawId,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const doc = parsed.data;
  const problems: Problems = [];
  const index = checkUniqueIds(doc, problems);
  checkReferencesAndRules(doc, index, problems);
  const graph = analyseGraph(doc, index, problems);
  if (graph) checkConditions(doc, index, graph, problems);
  checkTestCases(doc, index, problems);
  if (problems.length > 0) refuse(source, doc.id, problems);

  const { tests, ...definition } = doc;
  const protocol = deepFreeze(definition satisfies ProtocolDefinition) as Protocol;
  validated.add(protocol);
  return { protocol, testCases: deepFreeze(tests ?? []) };
}

/** Validates protocol data (no `tests`), e.g. a protocol restored from a stored session. */
export function validateProtocol(input: unknown, source?: string): Protocol {
  return validateProtocolDocument(input, source).protocol;
}
