import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  activeSpecialNotes,
  ensureSpecialNoteCanBeAdded,
  ensureSpecialNoteCanBeEnded,
  foldPatient,
  type PatientEventRecord,
} from './foldPatient.js';

const PATIENT = '019ad100-0000-7000-8000-000000000001';
const NOTE = '019ad100-0000-7000-8000-00000000aa01';
const at = (minute: number) => `2026-11-29T09:${String(minute).padStart(2, '0')}:00.000Z`;

const registered: PatientEventRecord = {
  id: 'e1',
  streamId: PATIENT,
  type: 'PatientRegistered',
  occurredAt: at(0),
  actor: 'user:a',
  data: {
    demographics: {
      nhsNumber: '9434765919',
      name: { given: ['Margaret'], family: 'Oakes' },
      birthDate: '1941-05-09',
      gender: 'female',
    },
  },
};
const noteAdded: PatientEventRecord = {
  id: 'e2',
  streamId: PATIENT,
  type: 'SpecialNoteAdded',
  occurredAt: at(1),
  actor: 'user:b',
  data: { noteId: NOTE, kind: 'dnacpr-respect', text: 'DNACPR in place, form in the kitchen drawer' },
};

describe('foldPatient: the record every screen shows', () => {
  it('registration, a demographics change and a DNACPR note', () => {
    const state = foldPatient([
      registered,
      {
        id: 'e3',
        streamId: PATIENT,
        type: 'DemographicsUpdated',
        occurredAt: at(2),
        data: { changes: { address: { lines: ['1 Brook Street'], postcode: 'M1 1AE' } } },
      },
      noteAdded,
    ]);
    expect(state).toMatchObject({
      patientId: PATIENT,
      version: 3,
      registeredAt: at(0),
      registeredBy: 'user:a',
      updatedAt: at(1),
      demographics: { address: { lines: ['1 Brook Street'], postcode: 'M1 1AE' }, name: { family: 'Oakes' } },
      problems: [],
    });
    expect(activeSpecialNotes(state)).toEqual([
      {
        id: NOTE,
        kind: 'dnacpr-respect',
        label: 'DNACPR / ReSPECT',
        text: 'DNACPR in place, form in the kitchen drawer',
        addedAt: at(1),
        addedBy: 'user:b',
        ended: null,
      },
    ]);
  });

  it('an ended note stays in the history but is no longer in force', () => {
    const state = foldPatient([
      registered,
      noteAdded,
      {
        id: 'e4',
        streamId: PATIENT,
        type: 'SpecialNoteEnded',
        occurredAt: at(5),
        actor: 'user:c',
        data: { noteId: NOTE, reason: 'Reviewed with GP: rescinded' },
      },
    ]);
    expect(activeSpecialNotes(state)).toEqual([]);
    expect(state.specialNotes[0]?.ended).toEqual({
      at: at(5),
      by: 'user:c',
      reason: 'Reviewed with GP: rescinded',
    });
  });

  it('an event met twice is read once', () => {
    expect(foldPatient([registered, noteAdded, noteAdded]).version).toBe(2);
  });

  it('an unreadable, unknown or foreign entry is a problem, never a lost record', () => {
    const state = foldPatient([
      registered,
      { id: 'x1', streamId: PATIENT, type: 'SpecialNoteAdded', occurredAt: at(1), data: { kind: 'gossip' } },
      { id: 'x2', streamId: PATIENT, type: 'PatientTeleported', occurredAt: at(2), data: {} },
      { ...noteAdded, id: 'x3', streamId: '019ad100-0000-7000-8000-000000000002' },
      {
        id: 'x4',
        streamId: PATIENT,
        type: 'SpecialNoteEnded',
        occurredAt: at(3),
        data: { noteId: NOTE, reason: 'n/a' },
      },
    ]);
    expect(state.version).toBe(5);
    expect(state.problems.map((p) => p.eventId)).toEqual(['x1', 'x2', 'x3', 'x4']);
    expect(state.specialNotes).toEqual([]);
  });

  it('a record must begin with its registration', () => {
    expect(() => foldPatient([noteAdded])).toThrow(LanternError);
    expect(() => foldPatient([])).toThrow(/no events/);
  });
});

describe('write rules for special notes', () => {
  const state = foldPatient([registered, noteAdded]);

  it('a note id is never reused', () => {
    expect(() => ensureSpecialNoteCanBeAdded(state, NOTE)).toThrow(/already has a note/);
    expect(() => ensureSpecialNoteCanBeAdded(state, '019ad100-0000-7000-8000-00000000aa02')).not.toThrow();
  });

  it('only a note in force can be ended', () => {
    expect(ensureSpecialNoteCanBeEnded(state, NOTE).kind).toBe('dnacpr-respect');
    expect(() => ensureSpecialNoteCanBeEnded(state, '019ad100-0000-7000-8000-00000000aa02')).toThrow(
      /no such note/,
    );
    const ended = foldPatient([
      registered,
      noteAdded,
      {
        id: 'e5',
        streamId: PATIENT,
        type: 'SpecialNoteEnded',
        occurredAt: at(9),
        data: { noteId: NOTE, reason: 'Moved away' },
      },
    ]);
    expect(() => ensureSpecialNoteCanBeEnded(ended, NOTE)).toThrow(/ended/);
  });
});
