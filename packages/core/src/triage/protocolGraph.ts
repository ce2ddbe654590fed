/**
 * The question graph of a protocol, walked depth-first from its start question: cycles and
 * unreachable questions are reported, and for every question its dominators (the questions
 * asked on every path before it) are computed, so conditions can be checked to read only
 * answers that are certain to exist.
 */
import type { ErrorDetail } from '../errors/catalogue.js';
import type { ProtocolDocument, Question } from './protocolSchema.js';

export interface ProtocolGraph {
  order: string[];
  reachable: Set<string>;
  dominators: Map<string, Set<string>>;
}

/** Depth-first walk from start: reports cycles and unreachable questions, computes dominators. */
export function analyseGraph(
  doc: ProtocolDocument,
  index: Map<string, number>,
  problems: ErrorDetail[],
): ProtocolGraph | null {
  const byId = (id: string): Question | undefined => {
    const i = index.get(id);
    return i === undefined ? undefined : doc.questions[i];
  };
  const successors = (q: Question): string[] => [
    ...new Set(q.next.flatMap((r) => (r.goto !== undefined && index.has(r.goto) ? [r.goto] : []))),
  ];

  const state = new Map<string, 'visiting' | 'done'>();
  const postOrder: string[] = [];
  let cycleFound = false;
  const visit = (id: string, trail: string[]): void => {
    const q = byId(id);
    if (!q || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id].join(' → ');
      problems.push({ path: `questions[${index.get(id)}]`, message: `cycle: ${cycle}` });
      cycleFound = true;
      return;
    }
    state.set(id, 'visiting');
    for (const next of successors(q)) visit(next, [...trail, id]);
    state.set(id, 'done');
    postOrder.push(id);
  };
  if (index.has(doc.start)) visit(doc.start, []);

  doc.questions.forEach((q, qi) => {
    if (!state.has(q.id)) {
      problems.push({
        path: `questions[${qi}]`,
        message: `question ${q.id} can never be asked (no path from ${doc.start})`,
      });
    }
  });
  if (cycleFound || !index.has(doc.start)) return null;

  const order = postOrder.reverse(); // topological order
  const predecessors = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const id of order) {
    const q = byId(id);
    if (q) for (const next of successors(q)) predecessors.get(next)?.push(id);
  }
  const dominators = new Map<string, Set<string>>();
  for (const id of order) {
    // A question's dominators are those common to every predecessor (plus the predecessor itself).
    const viaEach = (predecessors.get(id) ?? []).map((p) => new Set([...(dominators.get(p) ?? []), p]));
    const [first, ...rest] = viaEach;
    dominators.set(id, first ? new Set([...first].filter((x) => rest.every((s) => s.has(x)))) : new Set());
  }
  return { order, reachable: new Set(order), dominators };
}
