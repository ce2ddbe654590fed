import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProtocolYaml } from './loadProtocolFromYaml.js';
import { computeProtocolCoverage, listReachableEdges, listReachableOutcomes } from './protocolCoverage.js';
import type { ProtocolTestCase } from './protocolSchema.js';

const { protocol, testCases } = parseProtocolYaml(
  readFileSync(new URL('./fixtures/sore-throat.yaml', import.meta.url), 'utf8'),
);

describe('protocol coverage is measured against the protocol graph', () => {
  it('finds every reachable branch and every outcome by walking the graph', () => {
    expect(listReachableEdges(protocol)).toHaveLength(
      protocol.questions.reduce((n, q) => n + q.next.length, 0),
    );
    expect(new Set(listReachableOutcomes(protocol))).toEqual(new Set(protocol.dispositions));
  });

  it('reports full coverage when the test cases reach everything', () => {
    const coverage = computeProtocolCoverage(protocol, testCases);
    expect(coverage.failedCases).toEqual([]);
    expect(coverage.untestedDispositions).toEqual([]);
    expect(coverage.edges.every((e) => e.testedBy > 0)).toBe(true);
    expect(coverage.redFlags).toEqual([
      { id: 'st-airway-threat', questionId: 'st-drooling', testedBy: 1 },
      { id: 'st-severe-pain', questionId: 'st-severity', testedBy: 1 },
    ]);
  });

  it('names a disposition no test case reaches', () => {
    const withoutAmbulance = testCases.filter((t) => t.expect !== 'LX-AMB-C2');
    const coverage = computeProtocolCoverage(protocol, withoutAmbulance);
    expect(coverage.untestedDispositions).toEqual(['LX-AMB-C2']);
    expect(coverage.edges.find((e) => e.questionId === 'st-drooling' && e.ruleIndex === 0)?.testedBy).toBe(0);
  });

  it('explains a failing test case: wrong expectation, missing answer, or an answer off the path', () => {
    const bad: ProtocolTestCase[] = [
      {
        name: 'wrong',
        patient: { ageYears: 30, sex: 'male' },
        answers: { 'st-drooling': 'yes' },
        expect: 'Dx12',
      },
      {
        name: 'incomplete',
        patient: { ageYears: 30, sex: 'male' },
        answers: { 'st-drooling': 'no' },
        expect: 'Dx12',
      },
      {
        name: 'off path',
        patient: { ageYears: 30, sex: 'male' },
        answers: { 'st-drooling': 'yes', 'st-days': 3 },
        expect: 'LX-AMB-C2',
      },
      {
        name: 'too young',
        patient: { ageYears: 2, sex: 'male' },
        answers: { 'st-drooling': 'yes' },
        expect: 'LX-AMB-C2',
      },
    ];
    const [wrong, incomplete, offPath, tooYoung] = computeProtocolCoverage(protocol, bad).cases;
    expect(wrong?.problems).toEqual(['expected Dx12 but reached LX-AMB-C2']);
    expect(incomplete?.problems).toEqual(['no answer given for st-days']);
    expect(offPath?.problems[0]).toMatch(/answer for st-days was never asked/);
    expect(tooYoung?.problems[0]).toMatch(/outside test-sore-throat's age range/);
  });
});
