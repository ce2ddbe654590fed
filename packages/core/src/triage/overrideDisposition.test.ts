import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { parseProtocolYaml } from './loadProtocolFromYaml.js';
import { overrideDisposition } from './overrideDisposition.js';
import { answer, nextQuestion, outcome, startTriage } from './triageSession.js';
import type { TriageOutcome } from './triageTypes.js';

const fixture = parseProtocolYaml(
  readFileSync(new URL('./fixtures/sore-throat.yaml', import.meta.url), 'utf8'),
).protocol;

function finished(answers: Record<string, unknown>): TriageOutcome {
  let s = startTriage({
    protocol: fixture,
    patient: { ageYears: 40, sex: 'female' },
    presentingComplaint: 'sore throat',
  });
  for (let q = nextQuestion(s); q; q = nextQuestion(s)) {
    const id = q.question.id;
    s = answer(s, id, id in answers ? answers[id] : q.question.type === 'yes-no' ? 'no' : []);
  }
  return outcome(s);
}

const severe = () => finished({ 'st-days': 2, 'st-symptoms': ['pus'], 'st-severity': 'severe' });
const at = '2025-11-29T14:05:00Z';

describe('a clinician can override the disposition, and both are kept', () => {
  it('keeps the engine disposition and records who, when, why and which way', () => {
    const original = severe();
    const overridden = overrideDisposition(original, {
      newCode: 'Dx0122',
      reason: 'Stridor heard on the call',
      clinicianId: 'clin-42',
      at,
    });
    expect(overridden.disposition.code).toBe('Dx0122');
    expect(overridden.engineDisposition.code).toBe('LX-ED-4H');
    expect(overridden.overrides).toEqual([
      {
        from: 'LX-ED-4H',
        to: 'Dx0122',
        direction: 'up',
        reason: 'Stridor heard on the call',
        clinicianId: 'clin-42',
        at,
        belowRedFlagFloor: false,
      },
    ]);
    expect(original.overrides).toEqual([]); // the original outcome is untouched
    expect(overridden.transcript).toBe(original.transcript);
  });

  it('marks an override below a red-flag floor for audit, without blocking the clinician', () => {
    const down = overrideDisposition(severe(), {
      newCode: 'LX-PHARMACY-24H',
      reason: 'Examined on video: tonsils normal, pain controlled',
      clinicianId: 'clin-7',
      at,
    });
    expect(down.overrides[0]).toMatchObject({ direction: 'down', belowRedFlagFloor: true });
  });

  it('keeps a chain of overrides', () => {
    const once = overrideDisposition(severe(), { newCode: 'Dx12', reason: 'first', clinicianId: 'a', at });
    const twice = overrideDisposition(once, { newCode: 'LX-ED-1H', reason: 'second', clinicianId: 'b', at });
    expect(twice.overrides.map((o) => `${o.from}->${o.to}`)).toEqual(['LX-ED-4H->Dx12', 'Dx12->LX-ED-1H']);
    expect(twice.engineDisposition.code).toBe('LX-ED-4H');
  });
});

describe('an override needs a reason, a clinician, a time and a real new disposition', () => {
  it.each([
    ['an empty reason', { reason: '   ' }, 'reason'],
    ['no clinician', { clinicianId: '' }, 'clinicianId'],
    ['a time without offset', { at: '2025-11-29 14:05' }, 'at'],
    ['an unknown code', { newCode: 'Dx011' }, 'newCode'],
    ['the same disposition', { newCode: 'LX-ED-4H' }, 'newCode'],
  ])('refuses %s', (_name, change, path) => {
    const input = { newCode: 'Dx12', reason: 'clinical judgement', clinicianId: 'clin-1', at, ...change };
    try {
      overrideDisposition(severe(), input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LanternError);
      expect((e as LanternError).code).toBe('E_VALIDATION');
      expect((e as LanternError).details.map((d) => d.path)).toContain(path);
    }
  });
});
