import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { calculateNews2 } from '../triage/news2.js';
import { foldCase } from './foldCase.js';
import { buildObservationsRecorded, type News2Readings, news2ClinicalResponse } from './observations.js';
import { parseCaseEvent } from './parseCaseEvent.js';

const CASE_ID = '0193a0e4-7b1c-7def-8abc-0123456789ab';
const WELL: News2Readings = {
  respiratoryRate: 16,
  oxygenSaturation: 98,
  spo2Scale: 1,
  supplementalOxygen: false,
  systolicBloodPressure: 124,
  pulseRate: 72,
  consciousness: 'alert',
  temperature: 36.8,
};
const SEPTIC: News2Readings = {
  ...WELL,
  respiratoryRate: 26,
  oxygenSaturation: 91,
  systolicBloodPressure: 88,
  pulseRate: 128,
  consciousness: 'new-confusion',
  temperature: 39.4,
};
const built = (observations: unknown) =>
  buildObservationsRecorded({ observations, takenAt: '2025-11-29T14:10:00Z', source: 'clinician' });

describe('observations are scored by Lantern, never typed', () => {
  it('the event carries the NEWS2 of its readings', () => {
    const data = built(SEPTIC);
    expect(data.news2).toMatchObject({ total: 16, band: 'high', anyParameterScored3: true });
    expect(parseCaseEvent('ObservationsRecorded', data).data.news2.total).toBe(16);
  });

  it('a score that is not the score of the readings is refused, naming news2', () => {
    const data = built(SEPTIC);
    const typed = { ...data, news2: { ...data.news2, total: 3, band: 'low' } };
    try {
      parseCaseEvent('ObservationsRecorded', typed);
      throw new Error('accepted');
    } catch (e) {
      expect((e as LanternError).code).toBe('E_VALIDATION');
      expect((e as LanternError).details).toEqual([
        { path: 'news2', message: 'is not the NEWS2 of these readings (16, high)' },
      ]);
    }
  });

  it('an implausible reading is refused at its field, never clamped', () => {
    try {
      built({ ...WELL, pulseRate: 720, temperature: 385 });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(LanternError);
      expect((e as LanternError).details.map((d) => d.path)).toEqual([
        'observations.pulseRate',
        'observations.temperature',
      ]);
    }
  });

  it('the case keeps every set in order, with when they were taken and who recorded them', () => {
    const opened = {
      call: { callerName: 'Ann', relationshipToPatient: 'self', callBackNumber: '07700 900123' },
      location: { postcode: 'M1 1AE' },
      arrivedVia: 'phone-111',
      serviceId: 'cas',
      openedBy: 'u1',
    };
    const state = foldCase(
      [
        { id: 'e1', type: 'CaseOpened', data: opened, occurredAt: '2025-11-29T14:00:00Z', actor: 'u1' },
        {
          id: 'e2',
          type: 'ObservationsRecorded',
          data: built(WELL),
          occurredAt: '2025-11-29T14:12:00Z',
          actor: 'gp',
        },
        {
          id: 'e3',
          type: 'ObservationsRecorded',
          data: built(SEPTIC),
          occurredAt: '2025-11-29T15:02:00Z',
          actor: 'gp',
        },
      ],
      { caseId: CASE_ID },
    );
    expect(state.observations.map((o) => [o.news2.total, o.recordedBy, o.recordedAt])).toEqual([
      [0, 'gp', '2025-11-29T14:12:00Z'],
      [16, 'gp', '2025-11-29T15:02:00Z'],
    ]);
    expect(state.timeline.at(-1)?.summary).toBe('Observations recorded: NEWS2 16 (high)');
    expect(state.problems).toEqual([]);
  });

  it('the clinical response follows the band: 7+ emergency, 5–6 urgent, a single 3 prompt, else routine', () => {
    expect(news2ClinicalResponse('high').urgency).toBe('emergency');
    expect(news2ClinicalResponse('medium').urgency).toBe('urgent');
    expect(news2ClinicalResponse('low-medium').urgency).toBe('prompt');
    expect(news2ClinicalResponse('low').urgency).toBe('routine');
  });

  it('property: any plausible readings build an event that parses, with core’s own NEWS2', () => {
    const readings = fc.record({
      respiratoryRate: fc.integer({ min: 0, max: 80 }),
      oxygenSaturation: fc.integer({ min: 40, max: 100 }),
      spo2Scale: fc.constantFrom(1 as const, 2 as const),
      supplementalOxygen: fc.boolean(),
      systolicBloodPressure: fc.integer({ min: 30, max: 300 }),
      pulseRate: fc.integer({ min: 0, max: 300 }),
      consciousness: fc.constantFrom('alert', 'new-confusion', 'voice', 'pain', 'unresponsive' as const),
      temperature: fc.double({ min: 25, max: 45, noNaN: true }).map((t) => Math.round(t * 10) / 10),
    });
    fc.assert(
      fc.property(readings, (r) => {
        const data = parseCaseEvent('ObservationsRecorded', built(r)).data;
        expect(data.news2.total).toBe(calculateNews2(r).total);
        expect(data.news2.band).toBe(calculateNews2(r).band);
      }),
    );
  });
});
