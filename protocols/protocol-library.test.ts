/**
 * The starter protocol library, file by file: every protocol loads, cites public sources, is
 * within its review date, and its own `tests:` pass and reach every disposition, every branch
 * and every red flag it has. (Imports the triage capability's public surface directly: the
 * library is content, not a package, and this suite must run before core's index re-exports it.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  answer,
  computeProtocolCoverage,
  DISPOSITIONS,
  LIFE_THREAT_SIEVE,
  nextQuestion,
  outcome,
  parseProtocolYaml,
  startTriage,
  suggestProtocols,
  type TriagePatient,
} from '../packages/core/src/triage/index.js';

const DIR = new URL('./', import.meta.url);
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const LIBRARY = FILES.map((file) => ({
  file,
  ...parseProtocolYaml(readFileSync(new URL(file, DIR), 'utf8'), file),
}));
const COMPLAINTS = LIBRARY.filter((e) => e.protocol.kind === 'complaint');

// Public, non-licensed sources only (NICE, NHS, RCP, Resuscitation Council UK, SDCEP, legislation...).
const PUBLIC_SOURCE_HOSTS = [
  'www.nice.org.uk',
  'cks.nice.org.uk',
  'www.nhs.uk',
  '111.nhs.uk',
  'www.rcp.ac.uk',
  'www.resus.org.uk',
  'www.sdcep.org.uk',
  'www.legislation.gov.uk',
  'www.strokeguideline.org',
  'www.parkinsons.org.uk',
];

const REQUIRED_TOPICS = [
  'chest-pain',
  'breathlessness',
  'abdominal-pain',
  'headache',
  'fever-adults',
  'fever-under-5',
  'rash',
  'vomiting-diarrhoea',
  'back-pain',
  'urinary-symptoms',
  'mental-health-crisis',
  'falls-injuries',
  'head-injury',
  'burns-scalds',
  'allergic-reaction',
  'stroke-symptoms',
  'palpitations',
  'dental-pain',
  'pregnancy-problems',
  'medication-requests',
];

describe('the starter library', () => {
  it('has the life-threat sieve and at least 20 presenting-complaint protocols, one per file named after its id', () => {
    expect(LIBRARY.filter((e) => e.protocol.kind === 'sieve').map((e) => e.protocol.id)).toEqual([
      'life-threat-sieve',
    ]);
    expect(COMPLAINTS.length).toBeGreaterThanOrEqual(20);
    expect(COMPLAINTS.map((e) => e.protocol.id)).toEqual(expect.arrayContaining(REQUIRED_TOPICS));
    for (const e of LIBRARY) expect(e.file).toBe(`${e.protocol.id}.yaml`);
  });

  it('ships the same sieve that is built into core', () => {
    const fromFile = LIBRARY.find((e) => e.protocol.kind === 'sieve')?.protocol;
    expect(JSON.parse(JSON.stringify(fromFile))).toEqual(JSON.parse(JSON.stringify(LIFE_THREAT_SIEVE)));
  });

  it('documents every catalogue disposition in docs/triage/dispositions.md', () => {
    const doc = readFileSync(new URL('../docs/triage/dispositions.md', import.meta.url), 'utf8');
    for (const d of DISPOSITIONS) expect(doc, d.code).toContain(`| ${d.code} | ${d.label} |`);
  });

  it.each(LIBRARY.map((e) => [e.file, e] as const))('%s cites public https sources', (_file, e) => {
    for (const s of e.protocol.sources) expect(PUBLIC_SOURCE_HOSTS, s.url).toContain(new URL(s.url).host);
  });

  // A release never ships a protocol already past its review date (hazard log H-03). This is
  // pinned to the library's release date, not the wall clock, so CI cannot start failing on a
  // calendar day; in service, triage outcomes carry a protocol-review-overdue warning instead.
  const LIBRARY_RELEASE_DATE = '2026-11-29';
  it.each(LIBRARY.map((e) => [e.file, e] as const))(
    '%s is not past its review date at release',
    (_file, e) => {
      expect(e.protocol.reviewDate > LIBRARY_RELEASE_DATE).toBe(true);
    },
  );
});

describe.each(LIBRARY.map((e) => [e.protocol.id, e] as const))('protocol %s', (_id, e) => {
  const coverage = computeProtocolCoverage(e.protocol, e.testCases);

  it.each(coverage.cases.map((c) => [c.name, c] as const))('%s', (_name, result) => {
    expect(result.problems).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('has test cases that reach every disposition it can give', () => {
    expect(coverage.untestedDispositions).toEqual([]);
  });

  it('has test cases that take every branch and raise every red flag', () => {
    expect(coverage.edges.filter((x) => x.testedBy === 0)).toEqual([]);
    expect(coverage.redFlags.filter((x) => x.testedBy === 0)).toEqual([]);
  });
});

describe('protocol suggestions for what the caller says', () => {
  const adult: TriagePatient = { ageYears: 40, sex: 'female' };
  const protocols = LIBRARY.map((e) => e.protocol);
  it.each([
    ['he has crushing chest pain going down his arm', 'chest-pain', adult],
    ['my baby has a high temperature', 'fever-under-5', { ageYears: 0.5, sex: 'male' }],
    ['I have had a high temperature since yesterday', 'fever-adults', adult],
    ['toothache and my gum is swollen', 'dental-pain', adult],
    ['I have run out of my insulin', 'medication-requests', adult],
    ['I want to end my life', 'mental-health-crisis', adult],
    ['she hit her head on the table', 'head-injury', { ageYears: 4, sex: 'female' }],
    ['scalded my hand with boiling water from the kettle', 'burns-scalds', adult],
    ['burning when peeing and needing to go all the time', 'urinary-symptoms', adult],
    [
      'the baby is not moving as much, I am 32 weeks pregnant',
      'pregnancy-problems',
      { ageYears: 29, sex: 'female', pregnant: true },
    ],
  ] as const)('"%s" suggests %s first', (text, expected, patient) => {
    expect(suggestProtocols(protocols, text, patient)[0]?.protocolId).toBe(expected);
  });

  it('suggests nothing rather than guessing when no keyword matches', () => {
    expect(suggestProtocols(protocols, 'I would like to book a flu jab', adult)).toEqual([]);
  });

  it('never suggests a protocol that does not apply to the patient, or the sieve', () => {
    const ids = suggestProtocols(protocols, 'fever emergency', { ageYears: 2, sex: 'male' }).map(
      (s) => s.protocolId,
    );
    expect(ids).toContain('fever-under-5');
    expect(ids).not.toContain('fever-adults');
    expect(ids).not.toContain('life-threat-sieve');
  });
});

describe('NEWS2 in the outcome', () => {
  const fever = LIBRARY.find((e) => e.protocol.id === 'fever-adults');
  const readings =
    fever?.testCases.find((t) => t.name === 'NEWS2 of 7 is a Category 2 ambulance')?.answers ?? {};

  function run(patient: TriagePatient) {
    if (!fever) throw new Error('fever-adults is missing');
    let s = startTriage({ protocol: fever.protocol, patient, presentingComplaint: 'fever' });
    for (let q = nextQuestion(s); q; q = nextQuestion(s)) {
      const id = q.question.id;
      s = answer(s, id, id in readings ? readings[id] : q.question.type === 'yes-no' ? 'no' : []);
    }
    return outcome(s);
  }

  it('is scored from the readings for an adult and shown in the outcome and transcript', () => {
    const result = run({ ageYears: 60, sex: 'male' });
    expect(result.scores.news2).toMatchObject({ total: 8, band: 'high' });
    expect(result.transcript.find((t) => t.questionId === 'fa-temperature')?.news2?.total).toBe(8);
  });

  it('is not scored in pregnancy, with a warning, while single-reading red flags still apply', () => {
    const result = run({ ageYears: 30, sex: 'female', pregnant: true });
    expect(result.scores.news2).toBeNull();
    expect(result.warnings.map((w) => w.code)).toContain('news2-not-applicable');
    expect(result.disposition.code).toBe('Dx11');
  });
});
