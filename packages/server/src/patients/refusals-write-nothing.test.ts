import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import {
  type Api,
  apiAs,
  openCaseFor,
  type PatientDetails,
  registerPatient,
  registration,
} from './patientFixtures.js';

/*
 * Rules: an invalid NHS number or an impossible date of birth is refused with the reason, before
 * anything is written; two records never share an NHS number; a stale or repeated change is
 * refused or answered, never applied twice.
 */
const clock = new TestClock();
let t: TestApp;
let orgId: string;
let handler: Api;

const valid: PatientDetails = {
  nhsNumber: '9990000018',
  name: { given: ['Tomasz'], family: 'Nowak' },
  birthDate: '1979-12-01',
  gender: 'male',
  address: { lines: ['22 Oxford Road'], postcode: 'M1 5QA' },
  language: 'pl',
  interpreterRequired: true,
};

/** The server checks against its own clock, so a fixed "future" date would expire (two days
 * ahead stays in the future whatever the time zone of "today"). */
function daysAhead(): string {
  return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
}

const patientEvents = async () =>
  (
    await t.db.database.db
      .selectFrom('events')
      .select('id')
      .where('org_id', '=', orgId)
      .where('stream_type', '=', 'patient')
      .execute()
  ).length;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Refusals IUC', ['call-handler']);
  orgId = org.orgId;
  handler = apiAs(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
});
afterAll(async () => t.close());

describe('registering: refused with the reason, nothing written', () => {
  it.each([
    ['9990000017', 'check digit does not match'],
    ['999 000 001', 'has 10 digits; this has 9'],
    ['999-000-001X', 'only digits'],
    ['99 9000 0018', '3 3 4'],
    ['9991234560', 'no number with these first nine digits'],
  ])('NHS number %j: %s', async (nhsNumber, reason) => {
    const res = await handler.post('/api/patients', registration({ ...valid, nhsNumber }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'E_VALIDATION',
      errors: [{ path: 'demographics.nhsNumber', message: expect.stringContaining(reason) }],
    });
    expect(await patientEvents()).toBe(0);
  });

  it.each([
    [daysAhead(), 'future'],
    ['1979-02-30', 'not a day in the calendar'],
    ['1850-06-01', 'before 1880'],
    ['01/12/1979', 'YYYY-MM-DD'],
  ])('date of birth %j: %s', async (birthDate, reason) => {
    const res = await handler.post('/api/patients', registration({ ...valid, birthDate }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'demographics.birthDate', message: expect.stringContaining(reason) },
    ]);
    expect(await patientEvents()).toBe(0);
  });

  it('every field at fault is named at once', async () => {
    const res = await handler.post(
      '/api/patients',
      registration({
        ...valid,
        address: { lines: [], postcode: 'M1 5QAX' },
        phones: [{ use: 'mobile', number: '07700 90012' }],
        gpPracticeOds: 'P8-4012',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual([
      'demographics.address.postcode',
      'demographics.gpPracticeOds',
      'demographics.phones[0].number',
    ]);
  });

  it('a missing family name, an unknown field or an event id that is not a UUIDv7', async () => {
    const noFamily = await handler.post('/api/patients', {
      ...registration(valid),
      demographics: { ...valid, name: { given: ['Tomasz'] } },
    });
    expect(noFamily.statusCode).toBe(400);
    const unknown = await handler.post('/api/patients', registration({ ...valid, religion: 'n/a' }));
    expect(unknown.statusCode).toBe(400);
    const v4 = await handler.post('/api/patients', {
      ...registration(valid),
      eventId: '6f1c1b36-3a7c-4c39-9f5d-2a0f3a3e6a11',
    });
    expect(v4.statusCode).toBe(400);
    expect(v4.json().errors[0].path).toBe('body.eventId');
    expect(await patientEvents()).toBe(0);
  });
});

describe('one NHS number, one record', () => {
  let first = '';

  it('a second record with the same NHS number is refused, naming the first', async () => {
    first = await registerPatient(handler, valid);
    const res = await handler.post(
      '/api/patients',
      registration({ ...valid, nhsNumber: '999 000 0018', name: { family: 'Nowak-Duplicate' } }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'E_INVALID_TRANSITION',
      errors: [{ path: 'demographics.nhsNumber', message: `registered to patient ${first}` }],
    });
    expect(await patientEvents()).toBe(1);
  });

  it('two registrations racing for one NHS number: exactly one wins, nothing half-written', async () => {
    const racer = (family: string): PatientDetails => ({
      ...valid,
      nhsNumber: '9990000026',
      name: { family },
    });
    const results = await Promise.all([
      handler.post('/api/patients', registration(racer('Racer-One'))),
      handler.post('/api/patients', registration(racer('Racer-Two'))),
      handler.post('/api/patients', registration(racer('Racer-Three'))),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409))
      expect(r.json().code).toBe('E_INVALID_TRANSITION');
    const found = (await handler.get('/api/patients?nhsNumber=9990000026')).json().matches;
    expect(found).toHaveLength(1);
    expect(await patientEvents()).toBe(2);
  });

  it('the same patient id with other content, or the same event id with other content: 409', async () => {
    const again = await handler.post('/api/patients', {
      id: first,
      eventId: newId(),
      demographics: { ...valid, name: { family: 'Other' } },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('E_STREAM_CONFLICT');
    const body = registration({ name: { family: 'Khan' }, birthDate: '1960-01-01', gender: 'male' });
    expect((await handler.post('/api/patients', body)).statusCode).toBe(201);
    const reused = await handler.post('/api/patients', {
      ...body,
      demographics: { ...body.demographics, gender: 'female' },
    });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('E_EVENT_ID_CONFLICT');
  });
});

describe('changing demographics', () => {
  let id = '';
  beforeAll(async () => {
    id = await registerPatient(handler, { ...valid, nhsNumber: '9990000034', name: { family: 'Changes' } });
    await openCaseFor(t.eventStore, orgId, id);
  });

  const patch = (expectedVersion: number, changes: unknown, eventId = newId()) =>
    handler.patch(`/api/patients/${id}`, { eventId, expectedVersion, changes });
  const version = async () => (await t.eventStore.readStream(orgId, id)).length;

  it('a change against the current version applies; retried with its event id, it is not applied twice', async () => {
    const eventId = newId();
    const res = await patch(
      1,
      { address: { lines: ['Flat 3', '9 Wilmslow Road'], postcode: 'm14 5tq' } },
      eventId,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, demographics: { address: { postcode: 'M14 5TQ' } } });
    const retry = await patch(
      1,
      { address: { lines: ['Flat 3', '9 Wilmslow Road'], postcode: 'm14 5tq' } },
      eventId,
    );
    expect(retry.statusCode).toBe(200);
    expect(retry.json().version).toBe(2);
    expect(await version()).toBe(2);
  });

  it('a change made on a stale view is refused (409): reload and try again', async () => {
    const res = await patch(1, { gender: 'unknown' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('E_STREAM_VERSION_CONFLICT');
    expect(await version()).toBe(2);
  });

  it('two people changing at once: one succeeds, the other is told the record moved', async () => {
    const [x, y] = await Promise.all([
      patch(2, { gpPracticeOds: 'P84012' }),
      patch(2, { gpPracticeOds: 'P84013' }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    expect(await version()).toBe(3);
  });

  it('a change to nothing new writes nothing', async () => {
    const res = await patch(3, { gender: 'male', language: 'pl' });
    expect(res.statusCode).toBe(200);
    expect(await version()).toBe(3);
  });

  it('impossible or incoherent changes are refused with the field, and nothing is written', async () => {
    const future = await patch(3, { birthDate: '2031-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({
      path: 'changes.birthDate',
      message: expect.stringContaining('future'),
    });
    const badNhs = await patch(3, { nhsNumber: '9990000035' });
    expect(badNhs.json().errors[0]).toMatchObject({
      path: 'changes.nhsNumber',
      message: expect.stringContaining('check digit'),
    });
    const noLanguage = await patch(3, { language: null });
    expect(noLanguage.statusCode).toBe(400);
    expect(noLanguage.json().errors[0].path).toBe('changes.language');
    const taken = await patch(3, { nhsNumber: '9990000018' });
    expect(taken.statusCode).toBe(409);
    const empty = await patch(3, {});
    expect(empty.statusCode).toBe(400);
    expect(await version()).toBe(3);
  });

  it('removing an optional field with null', async () => {
    const res = await patch(3, { gpPracticeOds: null });
    expect(res.statusCode).toBe(200);
    expect(res.json().demographics.gpPracticeOds).toBeUndefined();
  });
});

describe('special notes', () => {
  let id = '';
  const noteId = newId();
  beforeAll(async () => {
    id = await registerPatient(handler, {
      name: { family: 'Notes' },
      birthDate: '2015-06-01',
      gender: 'female',
    });
    await openCaseFor(t.eventStore, orgId, id);
  });

  it('a safeguarding note is added once, even when the request is retried', async () => {
    const body = {
      eventId: newId(),
      noteId,
      kind: 'safeguarding',
      text: 'Child protection plan (neglect); social worker on file',
    };
    expect((await handler.post(`/api/patients/${id}/special-notes`, body)).statusCode).toBe(201);
    const retry = await handler.post(`/api/patients/${id}/special-notes`, body);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().activeSpecialNotes).toHaveLength(1);
    const sameNoteNewEvent = await handler.post(`/api/patients/${id}/special-notes`, {
      ...body,
      eventId: newId(),
    });
    expect(sameNoteNewEvent.statusCode).toBe(409);
  });

  it('ending it keeps it in the history; ending it again, or an unknown note, is refused', async () => {
    const end = await handler.post(`/api/patients/${id}/special-notes/${noteId}/end`, {
      eventId: newId(),
      reason: 'Plan ended at review conference',
    });
    expect(end.statusCode).toBe(200);
    expect(end.json().activeSpecialNotes).toEqual([]);
    expect(end.json().specialNotes[0].ended).toMatchObject({ reason: 'Plan ended at review conference' });
    const again = await handler.post(`/api/patients/${id}/special-notes/${noteId}/end`, {
      eventId: newId(),
      reason: 'Again',
    });
    expect(again.statusCode).toBe(409);
    const unknown = await handler.post(`/api/patients/${id}/special-notes/${newId()}/end`, {
      eventId: newId(),
      reason: 'x',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('a note kind outside the list is refused', async () => {
    const res = await handler.post(`/api/patients/${id}/special-notes`, {
      eventId: newId(),
      noteId: newId(),
      kind: 'gossip',
      text: 'x',
    });
    expect(res.statusCode).toBe(400);
  });
});
