import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, callerFor, openCase } from '../cases/caseTestKit.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let handler: Caller;
let orgId = '';
const patient = { ageYears: 34, sex: 'female' };

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Triage IUC', ['call-handler']);
  orgId = org.orgId;
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
});
afterAll(async () => t.close());

async function triageEvents(triageId: string): Promise<string[]> {
  const rows = await t.db.database.db
    .selectFrom('events')
    .select('type')
    .where('stream_id', '=', triageId)
    .orderBy('stream_version')
    .execute();
  return rows.map((r) => r.type);
}

describe('triage bound to a case', () => {
  it('suggests the protocol from the presenting complaint and asks the sieve first', async () => {
    const caseId = await openCase(handler, { presentingComplaint: 'Really bad headache since this morning' });
    const res = await handler.post(`/api/cases/${caseId}/triage`, { patient });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.suggestions[0].protocolId).toBe('headache');
    expect(body).toMatchObject({
      caseId,
      protocol: { id: 'headache' },
      completed: false,
      state: { status: 'in-progress', question: { stage: 'sieve', number: 1 } },
    });
  });

  it('refuses what the engine refuses: a protocol that does not fit the patient, an unknown protocol, no complaint', async () => {
    const caseId = await openCase(handler);
    const child = await handler.post(`/api/cases/${caseId}/triage`, {
      protocolId: 'headache',
      patient: { ageYears: 4, sex: 'male' },
      presentingComplaint: 'headache',
    });
    expect(child.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'patient.ageYears' }] });
    const unknown = await handler.post(`/api/cases/${caseId}/triage`, {
      protocolId: 'nope',
      patient,
      presentingComplaint: 'x',
    });
    expect(unknown.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'protocolId' }] });
    const silent = await handler.post(`/api/cases/${caseId}/triage`, { patient });
    expect(silent.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'presentingComplaint' }] });
    expect((await handler.get(`/api/cases/${caseId}/triage`)).statusCode).toBe(404);
  });

  it('answers, goes back, changes an answer; the stream holds only inputs and replays to the same place', async () => {
    const caseId = await openCase(handler);
    const started = await handler.post(`/api/cases/${caseId}/triage`, {
      protocolId: 'headache',
      patient,
      presentingComplaint: 'headache',
    });
    const triageId = started.json().triageId as string;
    const first = started.json().state.question.question.id as string;
    const a1 = await handler.post(`/api/cases/${caseId}/triage/answer`, {
      questionId: first,
      value: 'no',
      expectedVersion: 1,
    });
    expect(a1.statusCode).toBe(200);
    const second = a1.json().state.question.question.id as string;
    expect(second).not.toBe(first);
    const stale = await handler.post(`/api/cases/${caseId}/triage/answer`, {
      questionId: second,
      value: 'no',
      expectedVersion: 1,
    });
    expect(stale.json().code).toBe('E_STREAM_VERSION_CONFLICT');
    const wrongQuestion = await handler.post(`/api/cases/${caseId}/triage/answer`, {
      questionId: first,
      value: 'no',
    });
    expect(wrongQuestion.json().code).toBe('E_VALIDATION');
    const badValue = await handler.post(`/api/cases/${caseId}/triage/answer`, {
      questionId: second,
      value: 'maybe',
    });
    expect(badValue.json().code).toBe('E_VALIDATION');
    const backed = await handler.post(`/api/cases/${caseId}/triage/back`);
    expect(backed.json().state.question.question.id).toBe(first);
    await handler.post(`/api/cases/${caseId}/triage/answer`, { questionId: first, value: 'no' });
    const changed = await handler.post(`/api/cases/${caseId}/triage/answer`, {
      questionId: first,
      value: 'yes',
      change: true,
    });
    expect(changed.json().state.status).toBe('finished');
    expect(await triageEvents(triageId)).toEqual([
      'TriageStarted',
      'TriageAnswered',
      'TriageSteppedBack',
      'TriageAnswered',
      'TriageAnswered',
    ]);
    const read = await handler.get(`/api/cases/${caseId}/triage`);
    expect(read.json().state).toEqual(changed.json().state);
  });

  it('completing twice records the disposition once; a completed triage takes no more answers', async () => {
    const caseId = await openCase(handler);
    const started = await handler.post(`/api/cases/${caseId}/triage`, {
      protocolId: 'headache',
      patient,
      presentingComplaint: 'headache',
    });
    const first = started.json().state.question.question.id as string;
    const early = await handler.post(`/api/cases/${caseId}/triage/complete`);
    expect(early.json()).toMatchObject({ code: 'E_VALIDATION' });
    await handler.post(`/api/cases/${caseId}/triage/answer`, { questionId: first, value: 'yes' });
    const eventId = newId();
    const done = await handler.post(`/api/cases/${caseId}/triage/complete`, { eventId });
    expect(done.statusCode).toBe(200);
    expect(done.json().case).toMatchObject({ status: 'triaged', disposition: { source: 'triage' } });
    expect(done.json().case.breachAt).toEqual(expect.any(String));
    const again = await handler.post(`/api/cases/${caseId}/triage/complete`, { eventId });
    expect(again.statusCode).toBe(200);
    const reached = await t.db.database.db
      .selectFrom('events')
      .select('id')
      .where('org_id', '=', orgId)
      .where('stream_id', '=', caseId)
      .where('type', '=', 'DispositionReached')
      .execute();
    expect(reached).toHaveLength(1);
    const more = await handler.post(`/api/cases/${caseId}/triage/back`);
    expect(more.json().code).toBe('E_INVALID_TRANSITION');
  });

  it('starting again supersedes the unfinished triage; the case follows the new one', async () => {
    const caseId = await openCase(handler);
    const one = await handler.post(`/api/cases/${caseId}/triage`, {
      protocolId: 'headache',
      patient,
      presentingComplaint: 'headache',
    });
    const two = await handler.post(`/api/cases/${caseId}/triage`, {
      protocolId: 'back-pain',
      patient,
      presentingComplaint: 'back pain',
    });
    expect(two.statusCode).toBe(201);
    expect((await handler.get(`/api/cases/${caseId}/triage`)).json().triageId).toBe(two.json().triageId);
    const old = await handler.get(`/api/cases/${caseId}/triage?triageId=${one.json().triageId}`);
    expect(old.json().code).toBe('E_INVALID_TRANSITION');
  });

  it('a triage started on a protocol version no longer in the library is refused, never mixed', async () => {
    const caseId = await openCase(handler);
    const triageId = newId();
    await t.eventStore.append(orgId, { type: 'triage', id: triageId }, 0, [
      {
        id: newId(),
        type: 'TriageStarted',
        data: {
          caseId,
          protocolId: 'headache',
          protocolVersion: '0.0.1',
          sieveId: 'life-threat-sieve',
          sieveVersion: '0.0.1',
          patient,
          presentingComplaint: 'headache',
          asOf: null,
          chosen: 'user',
        },
      },
    ]);
    const res = await handler.get(`/api/cases/${caseId}/triage`);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('start the triage again');
  });
});
