/**
 * Triage engine speed: time per next-question step and whole-protocol throughput, over the
 * real protocol library with random but valid answers (seeded, so runs are comparable).
 *
 *   node --import tsx bench/triage/run.ts [--triages 20000] [--seed 1]
 *
 * A "step" is what a call handler's click costs: answer the current question, then ask for the
 * next one. A "triage" is start → every answer → outcome. "Replay" rebuilds a finished triage
 * from its stored answers, as an event-sourced read does. Imports the triage capability's source
 * directly so the benchmark needs no build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  answer,
  nextQuestion,
  outcome,
  type Protocol,
  parseProtocolYaml,
  type Question,
  replayTriage,
  startTriage,
  type TriagePatient,
} from '../../packages/core/src/triage/index.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
};
const TRIAGES = arg('triages', 20_000);
const SEED = arg('seed', 1);
const WARM_UP = 2_000;
// Most real calls answer red-flag questions "no"; these keep random conversations long and
// representative (about 1 in 5 ends in the sieve) instead of stopping at the first question.
const SIEVE_YES = 0.025;
const PROTOCOL_YES = 0.2;

/** mulberry32: a tiny seeded PRNG, so every run answers the same way. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function valueFor(q: Question, rand: () => number, inSieve: boolean): unknown {
  switch (q.type) {
    case 'yes-no':
      return rand() < (inSieve ? SIEVE_YES : PROTOCOL_YES) ? 'yes' : 'no';
    case 'single-choice':
      return q.options[Math.floor(rand() * q.options.length)]?.id;
    case 'multiple-choice':
      return rand() < (inSieve ? SIEVE_YES : PROTOCOL_YES)
        ? q.options.filter(() => rand() < 0.3).map((o) => o.id)
        : [];
    case 'number': {
      if (q.optional && rand() < 0.1) return null;
      const v = q.min + rand() * (q.max - q.min);
      return q.integer ? Math.round(v) : Math.round(v * 10) / 10;
    }
    case 'free-text':
      return 'caller added a note';
  }
}

function patientFor(p: Protocol, rand: () => number): TriagePatient {
  const { from, below } = p.applicability.ageYears;
  const top = Math.min(below ?? 95, 95);
  return {
    ageYears: Math.floor((from + rand() * (top - from)) * 10) / 10,
    sex: rand() < 0.5 ? 'female' : 'male',
  };
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

const dir = new URL('../../protocols/', import.meta.url);
const loadStart = performance.now();
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const protocols = files
  .map((f) => parseProtocolYaml(readFileSync(new URL(f, dir), 'utf8'), f).protocol)
  .filter((p) => p.kind === 'complaint');
const loadMs = performance.now() - loadStart;

interface Run {
  steps: number[];
  triages: number[];
  stored: {
    protocol: Protocol;
    patient: TriagePatient;
    answers: readonly { questionId: string; value: unknown }[];
  }[];
  perProtocol: Map<string, { questions: number[]; micros: number[] }>;
}

function run(count: number, rand: () => number): Run {
  const result: Run = { steps: [], triages: [], stored: [], perProtocol: new Map() };
  for (let i = 0; i < count; i++) {
    const protocol = protocols[i % protocols.length] as Protocol;
    const patient = patientFor(protocol, rand);
    const t0 = performance.now();
    let session = startTriage({ protocol, patient, presentingComplaint: 'benchmark' });
    let pending = nextQuestion(session);
    while (pending !== null) {
      const value = valueFor(pending.question, rand, pending.stage === 'sieve');
      const s0 = performance.now();
      session = answer(session, pending.question.id, value);
      pending = nextQuestion(session);
      result.steps.push(performance.now() - s0);
    }
    outcome(session);
    const micros = (performance.now() - t0) * 1000;
    result.triages.push(micros);
    result.stored.push({ protocol, patient, answers: session.answers });
    const entry = result.perProtocol.get(protocol.id) ?? { questions: [], micros: [] };
    entry.questions.push(session.answers.length);
    entry.micros.push(micros);
    result.perProtocol.set(protocol.id, entry);
  }
  return result;
}

run(WARM_UP, prng(SEED + 1000));
const rand = prng(SEED);
const wallStart = performance.now();
const measured = run(TRIAGES, rand);
const wallSeconds = (performance.now() - wallStart) / 1000;

const replayStart = performance.now();
for (const s of measured.stored) {
  outcome(replayTriage({ ...s, presentingComplaint: 'benchmark' }));
}
const replaySeconds = (performance.now() - replayStart) / 1000;

const steps = [...measured.steps].sort((a, b) => a - b);
const triages = [...measured.triages].sort((a, b) => a - b);
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const rows: [string, string][] = [
  ['node', process.version],
  ['protocols (complaint) loaded and validated', `${protocols.length} in ${loadMs.toFixed(1)} ms`],
  ['triages measured', `${TRIAGES} (seed ${SEED}, after ${WARM_UP} warm-up)`],
  ['next-question steps measured', `${steps.length}`],
  ['step (answer + next question) median', us(percentile(steps, 50))],
  ['step p99', us(percentile(steps, 99))],
  ['step max', us(steps.at(-1) ?? Number.NaN)],
  ['whole triage (start → outcome) median', `${percentile(triages, 50).toFixed(1)} µs`],
  ['whole triage p99', `${percentile(triages, 99).toFixed(1)} µs`],
  [
    'whole-triage throughput (1 thread)',
    `${Math.round(TRIAGES / wallSeconds).toLocaleString('en-GB')} triages/s`,
  ],
  [
    'replay from stored answers (1 thread)',
    `${Math.round(TRIAGES / replaySeconds).toLocaleString('en-GB')} triages/s`,
  ],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('\nTriage engine benchmark\n');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);

console.log('\n  protocol                  questions asked (mean)   triage median');
for (const [id, e] of [...measured.perProtocol].sort(([a], [b]) => a.localeCompare(b))) {
  const mean = e.questions.reduce((s, n) => s + n, 0) / e.questions.length;
  const median = percentile(
    [...e.micros].sort((a, b) => a - b),
    50,
  );
  console.log(`  ${id.padEnd(26)}${mean.toFixed(1).padStart(8)}${`${median.toFixed(1)} µs`.padStart(26)}`);
}
console.log('');
