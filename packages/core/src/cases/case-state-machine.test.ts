import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, LanternError } from '../errors/catalogue.js';
import type { CaseState } from './caseState.js';
import { CASE_STATUSES, type CaseStatus, checkTransition, ensureTransition } from './caseTransitions.js';
import { applyCaseEvent, type CaseEventRecord, foldCase } from './foldCase.js';
import {
  CASE_EVENT_TYPES,
  type CaseEventInputMap,
  type CaseEventType,
  parseCaseEvent,
} from './parseCaseEvent.js';

const CASE_ID = '0193a0e4-7b1c-7def-8abc-0123456789ab';
const GP = 'user-gp-7';
const OTHER_GP = 'user-gp-9';

const DATA: { [K in CaseEventType]: CaseEventInputMap[K] } = {
  CaseOpened: {
    call: { callerName: 'Amara Okafor', relationshipToPatient: 'parent', callBackNumber: '07700 900123' },
    location: { postcode: 'M1 3HE' },
    arrivedVia: 'phone-111',
    serviceId: 'gm-cas',
    openedBy: 'user-ha-1',
  },
  PatientIdentified: { patientId: CASE_ID, verified: false, demographics: { givenName: 'Tobi' } },
  PresentingComplaintRecorded: { text: 'Fever' },
  DispositionReached: {
    code: 'Dx05',
    label: 'To contact a Primary Care Service within 2 Hours',
    timeframeMinutes: 120,
    skillset: 'primary-care-face-to-face',
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
    reason: 'New non-blanching rash',
    clinicianId: GP,
  },
  CaseQueued: { queue: 'cas-gp', priority: 2 },
  CaseAssigned: { clinicianId: OTHER_GP },
  CaseReleased: { clinicianId: GP },
  ConsultationNoteAdded: { text: 'Note', authorId: GP, kind: 'consultation' },
  CallBackAttempted: { outcome: 'no-answer', number: '07700 900123', at: '2025-11-29T14:05:00Z' },
  CaseOutcomeRecorded: { outcome: 'advice-given', summary: 'Advice given' },
  CaseTransferred: { toService: 'RW3', reason: 'Needs face to face', method: 'bars' },
  CaseClosed: { reason: 'Done' },
  CaseReopened: { reason: 'Called back' },
  RepeatCallerFlagged: { priorCaseIds: [CASE_ID], windowHours: 96 },
  ObservationsRecorded: {
    observations: {
      respiratoryRate: 18,
      oxygenSaturation: 97,
      spo2Scale: 1,
      supplementalOxygen: false,
      systolicBloodPressure: 128,
      pulseRate: 84,
      consciousness: 'alert',
      temperature: 37.1,
    },
    takenAt: '2025-11-29T14:02:00Z',
    source: 'patient-or-carer',
    news2: {
      total: 0,
      band: 'low',
      anyParameterScored3: false,
      subscores: {
        respiratoryRate: 0,
        oxygenSaturation: 0,
        supplementalOxygen: 0,
        systolicBloodPressure: 0,
        pulseRate: 0,
        consciousness: 0,
        temperature: 0,
      },
    },
  },
};

let clock = Date.parse('2025-11-29T14:00:00Z');
function record<T extends CaseEventType>(type: T, data: CaseEventInputMap[T] = DATA[type]): CaseEventRecord {
  clock += 60_000;
  return {
    id: `e-${clock}`,
    type,
    data,
    occurredAt: new Date(clock).toISOString(),
    actor: GP,
    streamId: CASE_ID,
  };
}

function stateOf(...events: CaseEventRecord[]): CaseState {
  return foldCase([record('CaseOpened'), ...events]);
}

const opened = () => stateOf(record('CaseOutcomeRecorded'));
const triaged = () => stateOf(record('DispositionReached'), record('CaseOutcomeRecorded'));
const queued = () =>
  stateOf(record('DispositionReached'), record('CaseOutcomeRecorded'), record('CaseQueued'));
const assigned = () =>
  stateOf(
    record('DispositionReached'),
    record('CaseOutcomeRecorded'),
    record('CaseQueued'),
    record('CaseAssigned', { clinicianId: GP }),
  );
const closed = () =>
  stateOf(record('DispositionReached'), record('CaseOutcomeRecorded'), record('CaseClosed'));

/** Representative states: each has an outcome recorded, so closing is allowed where the table says. */
const STATES: Record<CaseStatus | 'no case', () => CaseState | null> = {
  'no case': () => null,
  open: opened,
  triaged,
  queued,
  assigned,
  closed,
};

function refusal(state: CaseState | null, type: CaseEventType, data?: unknown): string {
  try {
    ensureTransition(state, type, data === undefined ? undefined : parseCaseEvent(type, data).data);
  } catch (e) {
    expect(e).toBeInstanceOf(LanternError);
    expect((e as LanternError).code).toBe('E_INVALID_TRANSITION');
    expect((e as LanternError).status).toBe(409);
    return (e as LanternError).message;
  }
  throw new Error(`${type} was allowed`);
}

describe('docs/cases/state-machine.md is the rule table', () => {
  const doc = readFileSync(new URL('../../../../docs/cases/state-machine.md', import.meta.url), 'utf8');
  const header = doc.split('\n').find((l) => l.startsWith('| event |'))!;
  const columns = header
    .split('|')
    .slice(2, -1)
    .map((c) => c.trim());
  const rows = doc
    .split('\n')
    .filter((l) => /^\| `[A-Za-z]+` \|/.test(l) && CASE_EVENT_TYPES.some((t) => l.startsWith(`| \`${t}\``)));

  it('has a row for every event and a column for every status', () => {
    expect(rows.map((r) => /`(\w+)`/.exec(r)![1])).toEqual(CASE_EVENT_TYPES);
    expect(columns).toEqual(['no case', ...CASE_STATUSES]);
  });

  for (const row of rows) {
    const type = /`(\w+)`/.exec(row)![1] as CaseEventType;
    const cells = row
      .split('|')
      .slice(2, -1)
      .map((c) => c.replace(/[¹²³⁴⁵]/g, '').trim());
    columns.forEach((column, i) => {
      const expected = cells[i]!;
      it(`${type} in "${column}": ${expected === '—' ? 'refused' : expected}`, () => {
        const state = STATES[column as CaseStatus | 'no case']();
        const data = parseCaseEvent(type, DATA[type]).data;
        const check = checkTransition(state, type, data);
        if (expected === '—') {
          expect(check.ok).toBe(false);
          return;
        }
        expect(check).toEqual({ ok: true });
        const after = applyCaseEvent(state, record(type), { caseId: CASE_ID });
        expect(after.status).toBe(expected);
        expect(after.problems).toEqual([]);
      });
    });
  }
});

describe('rules that make sense on a shift', () => {
  it('a closed case must be reopened before it can be assigned', () => {
    expect(refusal(closed(), 'CaseAssigned')).toBe(
      'A closed case must be reopened before it can be assigned',
    );
  });

  it('a transferred case says so', () => {
    const state = stateOf(record('DispositionReached'), record('CaseTransferred'));
    expect(refusal(state, 'ConsultationNoteAdded')).toBe(
      'A transferred case must be reopened before a note can be added',
    );
  });

  it('a case cannot be queued before a disposition is reached', () => {
    expect(refusal(stateOf(), 'CaseQueued')).toBe('A case cannot be queued before a disposition is reached');
  });

  it('work is taken from a queue: not straight after triage', () => {
    expect(refusal(triaged(), 'CaseAssigned')).toBe('A case must be in a queue before it can be assigned');
    expect(refusal(stateOf(), 'CaseAssigned')).toMatch(/before a disposition is reached and it is queued/);
  });

  it('two clinicians never hold the same case: release first', () => {
    expect(refusal(assigned(), 'CaseAssigned', { clinicianId: OTHER_GP })).toBe(
      `This case is already assigned to ${GP}; it must be released before it can be assigned to someone else`,
    );
    expect(refusal(assigned(), 'CaseAssigned', { clinicianId: GP })).toBe(
      `This case is already assigned to ${GP}`,
    );
    const released = foldCase([
      ...assignedEvents(),
      record('CaseReleased', { clinicianId: GP, reason: 'Going on break' }),
    ]);
    expect(released.status).toBe('queued');
    expect(checkTransition(released, 'CaseAssigned')).toEqual({ ok: true });
  });

  it('only the clinician who holds a case is released from it (a supervisor may do the releasing)', () => {
    expect(refusal(assigned(), 'CaseReleased', { clinicianId: OTHER_GP })).toBe(
      `This case is assigned to ${GP}, not ${OTHER_GP}`,
    );
    expect(refusal(queued(), 'CaseReleased', { clinicianId: GP })).toMatch(/not assigned to anyone/);
  });

  it('an assigned case is released before it is moved to another queue', () => {
    expect(refusal(assigned(), 'CaseQueued')).toMatch(/release it before moving it to a queue/);
    expect(checkTransition(queued(), 'CaseQueued', { queue: 'cas-nurse', priority: 1 })).toEqual({
      ok: true,
    });
  });

  it('closing needs an outcome recorded first, and again after reopening', () => {
    const noOutcome = stateOf(record('DispositionReached'));
    expect(refusal(noOutcome, 'CaseClosed')).toBe('Record an outcome before closing this case');
    const reopened = foldCase([...closedEvents(), record('CaseReopened')]);
    expect(reopened.outcome).toBeNull();
    expect(refusal(reopened, 'CaseClosed')).toBe('Record an outcome before closing this case');
  });

  it('notes and call-back attempts are allowed at any stage of a live case, not on a closed one', () => {
    for (const state of [opened(), triaged(), queued(), assigned()]) {
      expect(checkTransition(state, 'ConsultationNoteAdded')).toEqual({ ok: true });
      expect(checkTransition(state, 'CallBackAttempted')).toEqual({ ok: true });
    }
    expect(refusal(closed(), 'CallBackAttempted')).toBe(
      'A closed case must be reopened before a call-back can be recorded',
    );
  });

  it('reopen only from closed; a case is opened once', () => {
    expect(refusal(queued(), 'CaseReopened')).toBe('Only a closed case can be reopened; this case is queued');
    expect(refusal(queued(), 'CaseOpened')).toMatch(/already open/);
    expect(refusal(null, 'CaseQueued')).toMatch(/There is no case yet/);
  });

  it('an override must be of the disposition the case has now', () => {
    expect(refusal(stateOf(), 'DispositionOverridden')).toMatch(/no disposition to override/);
    const retriaged = stateOf(
      record('DispositionReached'),
      record('DispositionReached', {
        ...DATA.DispositionReached,
        code: 'Dx06',
        label: 'Within 6 hours',
        timeframeMinutes: 360,
      }),
    );
    expect(refusal(retriaged, 'DispositionOverridden', DATA.DispositionOverridden)).toBe(
      'The disposition is now Dx06, not Dx05; review it before overriding',
    );
  });

  it('a repeat-caller flag may arrive even on a closed case', () => {
    expect(checkTransition(closed(), 'RepeatCallerFlagged')).toEqual({ ok: true });
  });

  it('E_INVALID_TRANSITION is in the catalogue as a 409 business-rule', () => {
    expect(ERROR_CATALOGUE.E_INVALID_TRANSITION).toEqual({
      status: 409,
      fhir: 'business-rule',
      title: "This action is not possible in the record's current state",
    });
  });
});

function assignedEvents(): CaseEventRecord[] {
  return [
    record('CaseOpened'),
    record('DispositionReached'),
    record('CaseQueued'),
    record('CaseAssigned', { clinicianId: GP }),
  ];
}

function closedEvents(): CaseEventRecord[] {
  return [
    record('CaseOpened'),
    record('DispositionReached'),
    record('CaseOutcomeRecorded'),
    record('CaseClosed'),
  ];
}
