import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { aCall, type Caller, callerFor, openCase, triageTo } from './caseTestKit.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let handler: Caller;
let gp: Caller;
let orgId = '';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Rules IUC', ['call-handler', 'clinician']);
  orgId = org.orgId;
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  gp = callerFor(t.app, await signIn(t.app, clock, org.users.clinician as TestUser));
});
afterAll(async () => t.close());

async function eventCount(caseId: string): Promise<number> {
  const row = await t.db.database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('stream_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('transitions out of order are refused with E_INVALID_TRANSITION', () => {
  it('a case cannot be queued, taken or closed before its time', async () => {
    const caseId = await openCase(handler);
    const queue = await handler.post(`/api/cases/${caseId}/queue`, { queue: 'cas' });
    expect(queue.statusCode).toBe(409);
    expect(queue.json()).toMatchObject({
      code: 'E_INVALID_TRANSITION',
      detail: 'A case cannot be queued before a disposition is reached',
    });
    expect((await gp.post(`/api/cases/${caseId}/take`)).json().code).toBe('E_INVALID_TRANSITION');
    const close = await gp.post(`/api/cases/${caseId}/close`, { reason: 'done' });
    expect(close.json()).toMatchObject({
      code: 'E_INVALID_TRANSITION',
      detail: 'Record an outcome before closing this case',
    });
    expect((await gp.post(`/api/cases/${caseId}/reopen`, { reason: 'x' })).json().code).toBe(
      'E_INVALID_TRANSITION',
    );
    expect((await gp.post(`/api/cases/${caseId}/release`)).json().code).toBe('E_INVALID_TRANSITION');
    expect(await eventCount(caseId)).toBe(1);
  });

  it('a closed case must be reopened before anything more, even a note', async () => {
    const caseId = await openCase(handler);
    await gp.post(`/api/cases/${caseId}/outcome`, { outcome: 'advice-given', summary: 'Self-care advice' });
    expect((await gp.post(`/api/cases/${caseId}/close`, { reason: 'Advice given' })).statusCode).toBe(200);
    const late = await gp.post(`/api/cases/${caseId}/notes`, {
      text: 'Safeguarding concern',
      kind: 'safeguarding',
    });
    expect(late.json()).toMatchObject({
      code: 'E_INVALID_TRANSITION',
      detail: 'A closed case must be reopened before a note can be added',
    });
    expect(
      (await gp.post(`/api/cases/${caseId}/reopen`, { reason: 'Safeguarding concern raised' })).statusCode,
    ).toBe(200);
    expect(
      (await gp.post(`/api/cases/${caseId}/notes`, { text: 'Safeguarding concern', kind: 'safeguarding' }))
        .statusCode,
    ).toBe(200);
  });

  it('a disposition cannot be overridden before there is one; an override needs a reason', async () => {
    const caseId = await openCase(handler);
    const early = await gp.post(`/api/cases/${caseId}/disposition-override`, {
      code: 'Dx11',
      reason: 'Rash',
    });
    expect(early.json().code).toBe('E_INVALID_TRANSITION');
    expect((await gp.post(`/api/cases/${caseId}/disposition-override`, { code: 'Dx11' })).json().code).toBe(
      'E_VALIDATION',
    );
    // A call handler may triage but not override a disposition.
    expect(
      (await handler.post(`/api/cases/${caseId}/disposition-override`, { code: 'Dx11', reason: 'r' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('a stale view is refused (409) and the case is unchanged', () => {
  it('a command on an old version gets E_STREAM_VERSION_CONFLICT', async () => {
    const caseId = await openCase(handler);
    const v1 = (await gp.get(`/api/cases/${caseId}`)).json().version;
    expect(
      (await gp.post(`/api/cases/${caseId}/notes`, { text: 'First', expectedVersion: v1 })).statusCode,
    ).toBe(200);
    const stale = await handler.post(`/api/cases/${caseId}/presenting-complaint`, {
      text: 'Fever',
      expectedVersion: v1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'E_STREAM_VERSION_CONFLICT' });
    expect(stale.json().detail).toContain(`not ${v1}`);
    expect(await eventCount(caseId)).toBe(2);
  });

  it('the same command sent twice with one event id is recorded once', async () => {
    const caseId = newId();
    const eventId = newId();
    const first = await handler.post('/api/cases', { ...aCall(), caseId, eventId });
    const again = await handler.post('/api/cases', { ...aCall(), caseId, eventId });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, case: { caseId, version: 1 } });
    const noteId = newId();
    await gp.post(`/api/cases/${caseId}/notes`, { text: 'Once', eventId: noteId });
    const retry = await gp.post(`/api/cases/${caseId}/notes`, { text: 'Once', eventId: noteId });
    expect(retry.json().duplicate).toBe(true);
    expect(await eventCount(caseId)).toBe(2);
    // Another case with the same id is a conflict, not a second case.
    const clash = await handler.post('/api/cases', { ...aCall(), caseId });
    expect(clash.json().code).toBe('E_STREAM_CONFLICT');
  });
});

describe('bad input is a specific 4xx and nothing is half-written', () => {
  it('an NHS number whose check digit fails', async () => {
    const caseId = await openCase(handler);
    const res = await handler.post(`/api/cases/${caseId}/patient`, {
      patientId: newId(),
      nhsNumber: '943 476 5918',
      verified: true,
      demographics: { givenName: 'Kofi' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'nhsNumber' }] });
    expect(await eventCount(caseId)).toBe(1);
  });

  it.each([
    ['2023-02-29', 'not a day of the calendar'],
    ['1850-06-01', 'before 1880'],
    ['2999-01-01', 'in the future'],
    ['14/03/1954', 'YYYY-MM-DD'],
  ])('an impossible date of birth (%s)', async (dateOfBirth, why) => {
    const caseId = await openCase(handler);
    const res = await handler.post(`/api/cases/${caseId}/patient`, {
      patientId: newId(),
      verified: false,
      demographics: { givenName: 'Kofi', dateOfBirth },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('E_VALIDATION');
    expect(JSON.stringify(res.json().errors)).toContain(why);
    expect(await eventCount(caseId)).toBe(1);
  });

  it('an unknown disposition', async () => {
    const caseId = await openCase(handler);
    await triageTo(handler, caseId);
    await handler.post(`/api/cases/${caseId}/triage/complete`);
    const before = await eventCount(caseId);
    const res = await gp.post(`/api/cases/${caseId}/disposition-override`, {
      code: 'Dx999',
      reason: 'Feels worse',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'code' }] });
    expect(await eventCount(caseId)).toBe(before);
  });

  it('a premium-rate call-back number, a misspelt field, a future time, a malformed id', async () => {
    const premium = await handler.post(
      '/api/cases',
      aCall({ call: { callerName: 'A', relationshipToPatient: 'self', callBackNumber: '09098 790000' } }),
    );
    expect(premium.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'call.callBackNumber' }] });
    const misspelt = await handler.post('/api/cases', { ...aCall(), presentingComplant: 'typo' });
    expect(misspelt.json().code).toBe('E_VALIDATION');
    const future = await handler.post('/api/cases', {
      ...aCall(),
      occurredAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'occurredAt' }] });
    expect((await gp.get('/api/cases/not-a-uuid')).json().code).toBe('E_INVALID_ID');
    expect((await gp.get(`/api/cases/${newId()}`)).statusCode).toBe(404);
    const none = await t.db.database.db
      .selectFrom('cases')
      .select('id')
      .where('org_id', '=', orgId)
      .where('caller_name', '=', 'A')
      .execute();
    expect(none).toEqual([]);
  });
});

describe('overrides and re-triage move the breach time', () => {
  it('an override to a more urgent disposition never buys time', async () => {
    const caseId = await openCase(handler);
    await triageTo(handler, caseId);
    const reached = (await handler.post(`/api/cases/${caseId}/triage/complete`)).json().case;
    const res = await gp.post(`/api/cases/${caseId}/disposition-override`, {
      code: 'LX-ED-1H',
      reason: 'Visual disturbance on review',
    });
    expect(res.statusCode).toBe(200);
    const c = res.json().case;
    expect(c.disposition).toMatchObject({ code: 'LX-ED-1H', source: 'clinician-override' });
    expect(c.overrides).toEqual([
      expect.objectContaining({ from: reached.disposition.code, to: 'LX-ED-1H' }),
    ]);
    expect(Date.parse(c.breachAt)).toBeLessThanOrEqual(Date.parse(reached.breachAt));
  });
});
