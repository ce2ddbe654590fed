import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import type { StoredEvent } from '../events/types.js';
import { caseReference } from './caseReference.js';
import { applyCaseEvent, type CaseEventRecord, foldCase } from './foldCase.js';

const CASE_ID = '0193a0e4-7b1c-7def-8abc-0123456789ab';
const PATIENT_ID = '0193a0e4-0000-7000-8000-00000000beef';
const HA = 'user-health-advisor-1';
const GP = 'user-gp-7';

/** A stored event as the server's log gives it. */
function stored(seq: number, type: string, data: unknown, occurredAt: string, actor = HA): StoredEvent {
  return {
    orgId: 'org-1',
    seq,
    id: `0193a0e4-7b1c-7def-8abc-${String(seq).padStart(12, '0')}`,
    streamType: 'case',
    streamId: CASE_ID,
    streamVersion: seq,
    type,
    data: data as StoredEvent['data'],
    actor,
    deviceId: null,
    occurredAt,
    recordedAt: occurredAt,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  };
}

/** A call from ring to close: the story a clinician's screen has to tell. */
const SHIFT: StoredEvent[] = [
  stored(
    1,
    'CaseOpened',
    {
      call: { callerName: 'Amara Okafor', relationshipToPatient: 'parent', callBackNumber: '07700 900123' },
      location: { addressLines: ['Flat 4', '12 Canal Street'], postcode: 'm13he', notes: 'Buzzer 4' },
      arrivedVia: 'phone-111',
      serviceId: 'gm-cas',
      openedBy: HA,
    },
    '2025-11-29T18:00:00Z',
  ),
  stored(
    2,
    'PatientIdentified',
    {
      patientId: PATIENT_ID,
      nhsNumber: '9434765919',
      verified: true,
      demographics: { givenName: 'Tobi', familyName: 'Okafor', dateOfBirth: '2021-03-04', sex: 'male' },
    },
    '2025-11-29T18:02:00Z',
  ),
  stored(
    3,
    'PresentingComplaintRecorded',
    { text: 'Fever for two days, now drowsy' },
    '2025-11-29T18:03:00Z',
  ),
  stored(
    4,
    'DispositionReached',
    {
      code: 'Dx05',
      label: 'To contact a Primary Care Service within 2 Hours',
      timeframeMinutes: 120,
      skillset: 'primary-care-face-to-face',
      protocolId: 'fever-child',
      protocolVersion: '1.2.0',
      source: 'triage',
    },
    '2025-11-29T18:10:00Z',
  ),
  stored(5, 'CaseQueued', { queue: 'cas-gp', priority: 3 }, '2025-11-29T18:10:05Z'),
  stored(
    6,
    'RepeatCallerFlagged',
    { priorCaseIds: [PATIENT_ID], windowHours: 96 },
    '2025-11-29T18:10:06Z',
    'system',
  ),
  stored(7, 'CaseAssigned', { clinicianId: GP }, '2025-11-29T18:30:00Z', GP),
  stored(
    8,
    'CallBackAttempted',
    { outcome: 'no-answer', number: '07700 900123', at: '2025-11-29T18:31:00Z' },
    '2025-11-29T18:31:30Z',
    GP,
  ),
  stored(
    9,
    'CallBackAttempted',
    { outcome: 'answered', number: '07700 900123', at: '2025-11-29T18:36:00Z' },
    '2025-11-29T18:36:10Z',
    GP,
  ),
  stored(
    10,
    'DispositionOverridden',
    {
      from: 'Dx05',
      to: {
        code: 'Dx11',
        label: 'Speak to a Primary Care Service within 1 Hour',
        timeframeMinutes: 60,
        skillset: 'primary-care-callback',
      },
      reason: 'Mother describes a rash that does not fade under a glass',
      clinicianId: GP,
    },
    '2025-11-29T18:40:00Z',
    GP,
  ),
  stored(
    11,
    'ConsultationNoteAdded',
    { text: 'Rash on legs. Advised ED now.', authorId: GP, kind: 'consultation' },
    '2025-11-29T18:45:00Z',
    GP,
  ),
  stored(
    12,
    'CaseOutcomeRecorded',
    { outcome: 'referred', summary: 'Sent to ED by car' },
    '2025-11-29T18:46:00Z',
    GP,
  ),
  stored(13, 'CaseClosed', { reason: 'Referred to ED' }, '2025-11-29T18:47:00Z', GP),
];

describe('foldCase: a call from ring to close', () => {
  const state = foldCase(SHIFT);

  it('shows who called, from where, and how to call back', () => {
    expect(state.caseId).toBe(CASE_ID);
    expect(state.reference).toBe(caseReference(CASE_ID));
    expect(state.caller).toEqual({
      name: 'Amara Okafor',
      relationshipToPatient: 'parent',
      relationshipDetail: null,
      callBackNumber: '+447700900123',
    });
    expect(state.location).toEqual({
      addressLines: ['Flat 4', '12 Canal Street'],
      postcode: 'M1 3HE',
      lat: null,
      lon: null,
      notes: 'Buzzer 4',
    });
    expect(state).toMatchObject({
      openedAt: '2025-11-29T18:00:00Z',
      openedBy: HA,
      arrivedVia: 'phone-111',
      serviceId: 'gm-cas',
    });
  });

  it('shows the patient and the presenting complaint', () => {
    expect(state.patient).toMatchObject({
      patientId: PATIENT_ID,
      nhsNumber: '9434765919',
      verified: true,
      displayName: 'Tobi Okafor',
      dateOfBirth: '2021-03-04',
    });
    expect(state.presentingComplaint).toEqual({
      text: 'Fever for two days, now drowsy',
      at: '2025-11-29T18:03:00Z',
      by: HA,
    });
  });

  it('keeps the triage disposition and the override, with who and why', () => {
    expect(state.disposition).toMatchObject({ code: 'Dx11', source: 'clinician-override', reachedBy: GP });
    expect(state.dispositionHistory.map((d) => d.code)).toEqual(['Dx05', 'Dx11']);
    expect(state.dispositionHistory[0]).toMatchObject({
      protocolId: 'fever-child',
      protocolVersion: '1.2.0',
      source: 'triage',
    });
    expect(state.overrides).toEqual([
      {
        from: 'Dx05',
        to: 'Dx11',
        reason: 'Mother describes a rash that does not fade under a glass',
        clinicianId: GP,
        at: '2025-11-29T18:40:00Z',
      },
    ]);
  });

  it('the breach time follows the override: Dx11 at 18:40 + 1 hour', () => {
    // Dx05 at 18:10 + 2 h would breach at 20:10; the override brings it forward to 19:40.
    expect(state.breachAt).toBe('2025-11-29T19:40:00.000Z');
  });

  it('records call-back attempts, notes, outcome and closure', () => {
    expect(state.callBacks.map((c) => [c.outcome, c.at, c.number])).toEqual([
      ['no-answer', '2025-11-29T18:31:00Z', '+447700900123'],
      ['answered', '2025-11-29T18:36:00Z', '+447700900123'],
    ]);
    expect(state.notes).toEqual([
      {
        eventId: SHIFT[10]!.id,
        kind: 'consultation',
        text: 'Rash on legs. Advised ED now.',
        authorId: GP,
        at: '2025-11-29T18:45:00Z',
      },
    ]);
    expect(state.outcome).toEqual({
      outcome: 'referred',
      summary: 'Sent to ED by car',
      at: '2025-11-29T18:46:00Z',
      by: GP,
    });
    expect(state.status).toBe('closed');
    expect(state.closure).toEqual({
      kind: 'closed',
      reason: 'Referred to ED',
      at: '2025-11-29T18:47:00Z',
      by: GP,
      transfer: null,
    });
    expect(state).toMatchObject({ queue: null, priority: null, assignedTo: null });
  });

  it('flags the repeat caller', () => {
    expect(state.flags).toEqual({
      repeatCaller: { priorCaseIds: [PATIENT_ID], windowHours: 96, at: '2025-11-29T18:10:06Z' },
      specialNotes: [],
    });
  });

  it('has a timeline line for every event, in order, without note text', () => {
    expect(state.timeline.map((t) => t.summary)).toEqual([
      'Call taken from Amara Okafor (parent) via NHS 111 by phone',
      'Patient identified: Tobi Okafor, NHS number 943 476 5919 (verified on PDS)',
      'Presenting complaint: Fever for two days, now drowsy',
      'Disposition Dx05 To contact a Primary Care Service within 2 Hours (triage)',
      'Queued to cas-gp at priority 3',
      'Repeat caller: 2 contacts within 96 hours',
      `Assigned to ${GP}`,
      'Call-back to 07700 900123: no answer',
      'Call-back to 07700 900123: answered',
      'Disposition changed from Dx05 to Dx11 Speak to a Primary Care Service within 1 Hour: Mother describes a rash that does not fade under a glass',
      'Consultation note added',
      'Outcome: referred: Sent to ED by car',
      'Closed: Referred to ED',
    ]);
    expect(state.timeline[6]).toEqual({
      eventId: SHIFT[6]!.id,
      type: 'CaseAssigned',
      at: '2025-11-29T18:30:00Z',
      actor: GP,
      summary: `Assigned to ${GP}`,
    });
    expect(state.problems).toEqual([]);
    expect(state.eventCount).toBe(SHIFT.length);
    expect(state.updatedAt).toBe('2025-11-29T18:47:00Z');
  });

  it('the state is plain JSON: it survives the wire unchanged', () => {
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('foldCase: reading the log safely', () => {
  it('is deterministic: the same events always give the same state', () => {
    expect(foldCase(SHIFT)).toEqual(foldCase(structuredClone(SHIFT)));
  });

  it('applying events one by one gives the same state as folding them', () => {
    let state = null;
    for (const e of SHIFT) state = applyCaseEvent(state, e);
    expect(state).toEqual(foldCase(SHIFT));
  });

  it('folds every prefix of the shift without throwing, and each prefix extends the last', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: SHIFT.length }), (n) => {
        const state = foldCase(SHIFT.slice(0, n));
        expect(state.timeline).toHaveLength(n);
        expect(foldCase(SHIFT).timeline.slice(0, n)).toEqual(state.timeline);
      }),
    );
  });

  it('reads an event id once, however often it is given (a retried upload)', () => {
    const withRetries = [...SHIFT.slice(0, 8), SHIFT[7]!, SHIFT[7]!, ...SHIFT.slice(8)];
    expect(foldCase(withRetries)).toEqual(foldCase(SHIFT));
  });

  it('accepts events not yet stored, given the case id', () => {
    const pending: CaseEventRecord[] = SHIFT.slice(0, 5).map(({ type, data, occurredAt, actor }) => ({
      type,
      data,
      occurredAt,
      actor,
    }));
    const state = foldCase(pending, { caseId: CASE_ID });
    expect(state.status).toBe('queued');
    expect(() => foldCase(pending)).toThrow(LanternError);
  });

  it('an unreadable entry is listed as a problem; the rest of the case is still shown', () => {
    const broken = [
      ...SHIFT.slice(0, 5),
      stored(6, 'CaseQueued', { queue: 'cas-gp', priority: 9 }, '2025-11-29T18:11:00Z'),
      ...SHIFT.slice(5),
    ];
    const state = foldCase(broken);
    expect(state.problems).toEqual([
      {
        eventId: broken[5]!.id,
        type: 'CaseQueued',
        at: '2025-11-29T18:11:00Z',
        message: expect.stringContaining('priority'),
      },
    ]);
    expect(state.timeline[5]!.summary).toBe('Entry could not be read');
    expect(state.status).toBe('closed');
    expect(state.priority).toBeNull();
  });

  it('an unknown kind of entry (from a newer version) is listed, not hidden', () => {
    const state = foldCase([
      ...SHIFT.slice(0, 3),
      stored(4, 'CaseEscalated', { to: 'supervisor' }, '2025-11-29T18:05:00Z'),
    ]);
    expect(state.problems[0]!.message).toMatch(/does not know "CaseEscalated"/);
    expect(state.timeline).toHaveLength(4);
  });

  it('an entry from another case is listed, never mixed into this one', () => {
    const stray = {
      ...stored(2, 'CaseClosed', { reason: 'x' }, '2025-11-29T18:01:00Z'),
      streamId: '0193a0e4-7b1c-7def-8abc-ffffffffffff',
    };
    const state = foldCase([SHIFT[0]!, stray]);
    expect(state.problems[0]!.message).toMatch(/belongs to another case/);
    expect(state.status).toBe('open');
  });

  it('an entry with an unreadable time is listed, not used', () => {
    const state = foldCase([SHIFT[0]!, stored(2, 'CaseClosed', { reason: 'x' }, 'yesterday')]);
    expect(state.problems[0]!.message).toMatch(/time of this entry/);
    expect(state.status).toBe('open');
  });

  it('an event the rules would refuse is applied (it happened) and listed as a problem', () => {
    const state = foldCase([
      SHIFT[0]!,
      stored(2, 'CaseAssigned', { clinicianId: GP }, '2025-11-29T18:01:00Z'),
    ]);
    expect(state.assignedTo).toBe(GP);
    expect(state.problems).toEqual([
      expect.objectContaining({
        type: 'CaseAssigned',
        message: expect.stringMatching(/^Recorded although: A case cannot be assigned/),
      }),
    ]);
  });

  it('a record that does not begin with CaseOpened cannot be read as a case', () => {
    expect(() => foldCase(SHIFT.slice(1))).toThrow(/begins with CaseOpened/);
    expect(() => foldCase([])).toThrow(LanternError);
  });

  it('a transfer closes the case and says where it went; reopening brings it back to triaged', () => {
    const transferred = foldCase([
      ...SHIFT.slice(0, 7),
      stored(
        8,
        'CaseTransferred',
        { toService: 'RW3', toServiceName: 'MRI ED', reason: 'Needs ED', method: 'bars' },
        '2025-11-29T18:40:00Z',
        GP,
      ),
    ]);
    expect(transferred.status).toBe('closed');
    expect(transferred.closure).toMatchObject({
      kind: 'transferred',
      transfer: { toService: 'RW3', toServiceName: 'MRI ED', method: 'bars' },
    });
    expect(transferred.timeline.at(-1)!.summary).toBe('Transferred to MRI ED by BaRS: Needs ED');
    const reopened = foldCase([
      ...SHIFT.slice(0, 7),
      stored(
        8,
        'CaseTransferred',
        { toService: 'RW3', reason: 'Needs ED', method: 'bars' },
        '2025-11-29T18:40:00Z',
        GP,
      ),
      stored(9, 'CaseReopened', { reason: 'ED refused the referral' }, '2025-11-29T19:00:00Z', GP),
    ]);
    expect(reopened).toMatchObject({
      status: 'triaged',
      closure: null,
      outcome: null,
      queue: null,
      assignedTo: null,
    });
  });
});
