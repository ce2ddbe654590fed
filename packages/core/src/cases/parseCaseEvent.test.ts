import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { buildObservationsRecorded } from './observations.js';
import {
  CASE_EVENT_TYPES,
  type CaseEventInputMap,
  type CaseEventType,
  parseCaseEvent,
} from './parseCaseEvent.js';

const PATIENT_ID = '0193a0e4-7b1c-7def-8abc-0123456789ab';

/** One valid example of every event, as a writer would send it (before normalisation). */
const EXAMPLES: { [K in CaseEventType]: CaseEventInputMap[K] } = {
  CaseOpened: {
    call: { callerName: 'Amara Okafor', relationshipToPatient: 'parent', callBackNumber: '07700 900123' },
    location: { addressLines: ['12 Canal Street'], postcode: 'm1 3he', lat: 53.4772, lon: -2.2353 },
    arrivedVia: 'phone-111',
    serviceId: 'gm-cas',
    openedBy: 'user-health-advisor-1',
  },
  PatientIdentified: {
    patientId: PATIENT_ID,
    nhsNumber: '943 476 5919',
    verified: true,
    demographics: { givenName: 'Tobi', familyName: 'Okafor', dateOfBirth: '2021-03-04', sex: 'male' },
  },
  PresentingComplaintRecorded: { text: 'High temperature for two days, now drowsy' },
  DispositionReached: {
    code: 'Dx05',
    label: 'To contact a Primary Care Service within 2 Hours',
    timeframeMinutes: 120,
    skillset: 'primary-care-face-to-face',
    protocolId: 'fever-child',
    protocolVersion: '1.2.0',
    source: 'triage',
  },
  DispositionOverridden: {
    from: 'Dx05',
    to: {
      code: 'Dx11',
      label: 'Speak to a Primary Care Service within 1 Hour',
      timeframeMinutes: 60,
      skillset: 'primary-care-callback',
    },
    reason: 'Parent reports new rash that does not fade',
    clinicianId: 'user-gp-7',
  },
  CaseQueued: { queue: 'cas-gp', priority: 2 },
  CaseAssigned: { clinicianId: 'user-gp-7' },
  CaseReleased: { clinicianId: 'user-gp-7', reason: 'End of shift' },
  ConsultationNoteAdded: {
    text: 'Spoke to mother. Child alert, drinking.',
    authorId: 'user-gp-7',
    kind: 'consultation',
  },
  CallBackAttempted: { outcome: 'no-answer', number: '+44 7700 900123', at: '2025-11-29T14:05:00Z' },
  CaseOutcomeRecorded: { outcome: 'appointment-booked', summary: 'Booked 15:20 at the UTC' },
  CaseTransferred: { toService: 'RW3', reason: 'Needs face-to-face assessment', method: 'bars' },
  CaseClosed: { reason: 'Appointment booked' },
  CaseReopened: { reason: 'Mother called back: child worse' },
  RepeatCallerFlagged: { priorCaseIds: [PATIENT_ID], windowHours: 96 },
  ObservationsRecorded: buildObservationsRecorded({
    observations: {
      respiratoryRate: 24,
      oxygenSaturation: 93,
      spo2Scale: 1,
      supplementalOxygen: false,
      systolicBloodPressure: 102,
      pulseRate: 118,
      consciousness: 'alert',
      temperature: 38.9,
    },
    takenAt: '2025-11-29T14:10:00Z',
    source: 'patient-or-carer',
  }),
};

function detailsOf(fn: () => unknown): { path?: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LanternError);
    expect((e as LanternError).code).toBe('E_VALIDATION');
    return [...(e as LanternError).details];
  }
  throw new Error('expected a LanternError');
}

describe('the case event catalogue', () => {
  it('has exactly the agreed events, all named in the past tense', () => {
    expect(CASE_EVENT_TYPES).toEqual(Object.keys(EXAMPLES));
    for (const type of CASE_EVENT_TYPES) expect(type).toMatch(/(ed|en)$/);
  });

  it.each(CASE_EVENT_TYPES)('accepts a valid %s and keeps its type', (type) => {
    const event = parseCaseEvent(type, EXAMPLES[type]);
    expect(event.type).toBe(type);
  });

  it('normalises what people type: call-back number, postcode and NHS number', () => {
    const opened = parseCaseEvent('CaseOpened', EXAMPLES.CaseOpened);
    expect(opened.data.call.callBackNumber).toBe('+447700900123');
    expect(opened.data.location.postcode).toBe('M1 3HE');
    const patient = parseCaseEvent('PatientIdentified', EXAMPLES.PatientIdentified);
    expect(patient.data.nhsNumber).toBe('9434765919');
  });

  it('parsing already-normalised data gives it back unchanged (the fold re-reads stored data)', () => {
    for (const type of CASE_EVENT_TYPES) {
      const once = parseCaseEvent(type, EXAMPLES[type]);
      expect(parseCaseEvent(type, JSON.parse(JSON.stringify(once.data)))).toEqual(once);
    }
  });

  it('narrows the data type from the event type', () => {
    const event = parseCaseEvent('CaseQueued' as string, EXAMPLES.CaseQueued);
    if (event.type === 'CaseQueued') expect(event.data.priority).toBe(2);
    else expect.unreachable();
  });
});

describe('bad events are refused with every field named', () => {
  it('names each field path, nested and in arrays', () => {
    const details = detailsOf(() =>
      parseCaseEvent('CaseOpened', {
        ...EXAMPLES.CaseOpened,
        call: { callerName: ' ', relationshipToPatient: 'aunt', callBackNumber: '0909 879 0000' },
        location: { addressLines: ['12 Canal Street', ''], postcode: 'M1 3HE' },
      }),
    );
    expect(details.map((d) => d.path)).toEqual([
      'call.callerName',
      'call.relationshipToPatient',
      'call.callBackNumber',
      'location.addressLines[1]',
    ]);
    expect(details.find((d) => d.path === 'call.callBackNumber')?.message).toMatch(/premium-rate/);
  });

  it('refuses a postcode that is not one', () => {
    const details = detailsOf(() =>
      parseCaseEvent('CaseOpened', { ...EXAMPLES.CaseOpened, location: { postcode: 'M1 1OE' } }),
    );
    expect(details).toEqual([
      { path: 'location.postcode', message: expect.stringContaining('not a UK postcode') },
    ]);
  });

  it('needs latitude and longitude together', () => {
    const details = detailsOf(() =>
      parseCaseEvent('CaseOpened', { ...EXAMPLES.CaseOpened, location: { postcode: 'M1 3HE', lat: 53.4 } }),
    );
    expect(details).toEqual([
      { path: 'location.lon', message: 'give both latitude and longitude, or neither' },
    ]);
  });

  it('refuses an unknown field rather than dropping what was typed', () => {
    const details = detailsOf(() => parseCaseEvent('CaseClosed', { reason: 'Done', reasn: 'typo' }));
    expect(details).toEqual([{ path: 'reasn', message: 'is not a field of this event' }]);
  });

  it('refuses an unknown event type, naming the type', () => {
    const details = detailsOf(() => parseCaseEvent('CaseDeleted', {}));
    expect(details).toEqual([{ path: 'type', message: expect.stringContaining('CaseOpened') }]);
  });

  it('refuses data that is not an object', () => {
    expect(detailsOf(() => parseCaseEvent('CaseClosed', null))).toEqual([{ message: expect.any(String) }]);
  });

  it('an override needs a non-empty reason and a different disposition', () => {
    const details = detailsOf(() =>
      parseCaseEvent('DispositionOverridden', { ...EXAMPLES.DispositionOverridden, reason: '   ' }),
    );
    expect(details).toEqual([{ path: 'reason', message: 'must not be empty' }]);
    const same = detailsOf(() =>
      parseCaseEvent('DispositionOverridden', {
        ...EXAMPLES.DispositionOverridden,
        to: { ...EXAMPLES.DispositionOverridden.to, code: 'Dx05' },
      }),
    );
    expect(same).toEqual([{ path: 'to.code', message: 'the disposition is already Dx05' }]);
  });

  it('a disposition set by a clinician carries a reason', () => {
    const details = detailsOf(() =>
      parseCaseEvent('DispositionReached', { ...EXAMPLES.DispositionReached, source: 'clinician-override' }),
    );
    expect(details).toEqual([{ path: 'reason', message: expect.stringContaining('reason') }]);
  });

  it('a PDS-verified patient has an NHS number, and a bad NHS number is named', () => {
    const { nhsNumber: _, ...withoutNhs } = EXAMPLES.PatientIdentified;
    expect(detailsOf(() => parseCaseEvent('PatientIdentified', withoutNhs))).toEqual([
      { path: 'nhsNumber', message: expect.stringContaining('NHS number') },
    ]);
    expect(
      detailsOf(() =>
        parseCaseEvent('PatientIdentified', { ...EXAMPLES.PatientIdentified, nhsNumber: '9434765918' }),
      ),
    ).toEqual([{ path: 'nhsNumber', message: expect.stringContaining('check digit') }]);
  });

  it.each([0, 6, 2.5, '2'])('queue priority %j is refused (1 to 5, whole numbers)', (priority) => {
    const details = detailsOf(() => parseCaseEvent('CaseQueued', { queue: 'cas-gp', priority }));
    expect(details.map((d) => d.path)).toEqual(['priority']);
  });

  it('a call-back time must carry an offset', () => {
    const details = detailsOf(() =>
      parseCaseEvent('CallBackAttempted', { ...EXAMPLES.CallBackAttempted, at: '2025-11-29 14:05' }),
    );
    expect(details).toEqual([{ path: 'at', message: 'must be an ISO 8601 date-time with offset' }]);
  });

  it('timeframe is positive whole minutes or null', () => {
    expect(
      parseCaseEvent('DispositionReached', { ...EXAMPLES.DispositionReached, timeframeMinutes: null }).data,
    ).toMatchObject({ timeframeMinutes: null });
    const details = detailsOf(() =>
      parseCaseEvent('DispositionReached', { ...EXAMPLES.DispositionReached, timeframeMinutes: 0 }),
    );
    expect(details.map((d) => d.path)).toEqual(['timeframeMinutes']);
  });
});
