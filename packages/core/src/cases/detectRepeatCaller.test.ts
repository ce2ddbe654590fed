import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { detectRepeatCaller, type PriorCase } from './detectRepeatCaller.js';

const NOW = '2025-11-29T18:00:00Z';
const hoursAgo = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();
const prior = (caseId: string, h: number, patientKey = 'nhs:9434765919'): PriorCase => ({
  caseId,
  openedAt: hoursAgo(h),
  patientKey,
});

describe('repeat callers: three contacts within 96 hours (NHS Repeat Caller Service)', () => {
  it('this call and two before it within 96 hours make a repeat caller', () => {
    const result = detectRepeatCaller([prior('c1', 80), prior('c2', 10)], NOW);
    expect(result).toEqual({
      isRepeatCaller: true,
      contacts: 3,
      priorCaseIds: ['c1', 'c2'],
      threshold: 3,
      windowHours: 96,
      windowStart: '2025-11-25T18:00:00.000Z',
    });
  });

  it('one call before this one is not yet a repeat caller', () => {
    expect(detectRepeatCaller([prior('c1', 1)], NOW)).toMatchObject({ isRepeatCaller: false, contacts: 2 });
  });

  it('the window includes a call exactly 96 hours ago and not one a minute earlier', () => {
    expect(detectRepeatCaller([prior('c1', 96), prior('c2', 1)], NOW).isRepeatCaller).toBe(true);
    expect(detectRepeatCaller([prior('c1', 96 + 1 / 60), prior('c2', 1)], NOW).isRepeatCaller).toBe(false);
  });

  it('a prior case stamped a little after now still counts (a fast clock must not hide a contact)', () => {
    expect(detectRepeatCaller([prior('c1', -0.1), prior('c2', 5)], NOW)).toMatchObject({
      isRepeatCaller: true,
      priorCaseIds: ['c2', 'c1'],
    });
  });

  it('counts each case once and never the current case', () => {
    const result = detectRepeatCaller([prior('c1', 5), prior('c1', 5), prior('now', 0)], NOW, {
      currentCaseId: 'now',
    });
    expect(result).toMatchObject({ isRepeatCaller: false, contacts: 2, priorCaseIds: ['c1'] });
  });

  it('counts only the current patient when a patient key is given', () => {
    const cases = [prior('a', 5, 'p1'), prior('b', 6, 'p2'), prior('c', 7, 'p1')];
    expect(detectRepeatCaller(cases, NOW, { patientKey: 'p1' })).toMatchObject({
      isRepeatCaller: true,
      priorCaseIds: ['c', 'a'],
    });
    expect(detectRepeatCaller(cases, NOW, { patientKey: 'p3' })).toMatchObject({
      isRepeatCaller: false,
      contacts: 1,
    });
    expect(() => detectRepeatCaller(cases, NOW)).toThrow(/more than one patient/);
  });

  it('threshold and window are configurable', () => {
    const cases = [prior('c1', 30)];
    expect(detectRepeatCaller(cases, NOW, { threshold: 2 }).isRepeatCaller).toBe(true);
    expect(detectRepeatCaller(cases, NOW, { threshold: 2, windowHours: 24 }).isRepeatCaller).toBe(false);
  });

  it('no prior cases: a first contact', () => {
    expect(detectRepeatCaller([], new Date(NOW))).toMatchObject({
      isRepeatCaller: false,
      contacts: 1,
      priorCaseIds: [],
    });
  });

  it('refuses nonsense options and unreadable times, naming them', () => {
    expect(() => detectRepeatCaller([], NOW, { threshold: 1 })).toThrow(LanternError);
    expect(() => detectRepeatCaller([], NOW, { windowHours: 0 })).toThrow(LanternError);
    expect(() => detectRepeatCaller([{ caseId: 'x', openedAt: 'Tuesday', patientKey: 'k' }], NOW)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: 'priorCases[0].openedAt' })] }),
    );
  });

  it('the answer does not depend on the order of the prior cases', () => {
    const arb = fc.uniqueArray(fc.record({ caseId: fc.uuid(), h: fc.integer({ min: -1, max: 200 }) }), {
      selector: (c) => c.caseId,
      maxLength: 10,
    });
    fc.assert(
      fc.property(
        arb.chain((cases) =>
          fc.tuple(fc.constant(cases), fc.shuffledSubarray(cases, { minLength: cases.length })),
        ),
        ([cases, shuffled]) => {
          const a = detectRepeatCaller(
            cases.map((c) => prior(c.caseId, c.h)),
            NOW,
          );
          const b = detectRepeatCaller(
            shuffled.map((c) => prior(c.caseId, c.h)),
            NOW,
          );
          expect(b).toEqual(a);
          expect(a.contacts).toBe(cases.filter((c) => c.h <= 96).length + 1);
        },
      ),
    );
  });
});
