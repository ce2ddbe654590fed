import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../tenancy/withTenant.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { aCall, type Caller, callerFor, indexPatient, openCase, triageTo } from './caseTestKit.js';
import { hasOpenCaseForPatient } from './relationship.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let aHandler: Caller;
let bGp: Caller;
let bHandler: Caller;
let orgA = '';
let orgB = '';
let caseId = '';
let reference = '';
let patientId = '';

async function snapshot() {
  const events = await t.db.database.db
    .selectFrom('events')
    .select('id')
    .where('stream_id', '=', caseId)
    .execute();
  const row = await t.db.database.db
    .selectFrom('cases')
    .select(['version', 'status', 'assigned_to'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return { events: events.length, ...row };
}

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const a = await createOrgWithUsers(t.db.database, 'North IUC', ['call-handler']);
  const b = await createOrgWithUsers(t.db.database, 'South IUC', ['call-handler', 'clinician']);
  orgA = a.orgId;
  orgB = b.orgId;
  aHandler = callerFor(t.app, await signIn(t.app, clock, a.users['call-handler'] as TestUser));
  bHandler = callerFor(t.app, await signIn(t.app, clock, b.users['call-handler'] as TestUser));
  bGp = callerFor(t.app, await signIn(t.app, clock, b.users.clinician as TestUser));
  caseId = await openCase(aHandler);
  patientId = await indexPatient(t.eventStore, orgA, { given: 'Ada' });
  await aHandler.post(`/api/cases/${caseId}/patient`, {
    patientId,
    verified: false,
    demographics: { givenName: 'Ada' },
  });
  await triageTo(aHandler, caseId);
  await aHandler.post(`/api/cases/${caseId}/triage/complete`);
  const queued = await aHandler.post(`/api/cases/${caseId}/queue`);
  reference = queued.json().case.reference;
});
afterAll(async () => t.close());

describe('attack: a user of organisation B goes after organisation A’s case', () => {
  it('by id: not there (404), in the API and in FHIR', async () => {
    expect((await bGp.get(`/api/cases/${caseId}`)).statusCode).toBe(404);
    expect((await bGp.get(`/fhir/R4/Encounter/${caseId}`)).statusCode).toBe(404);
    expect((await bGp.get(`/api/cases/${caseId}/triage`)).statusCode).toBe(404);
  });

  it('by reference, by queue listing and by FHIR search: nothing', async () => {
    expect((await bGp.get(`/api/cases?reference=${reference}`)).json().cases).toEqual([]);
    for (const url of [
      '/api/queue',
      '/api/queue?queue=primary-care-face-to-face',
      '/api/queue?skillset=primary-care-face-to-face&status=queued&status=assigned',
    ]) {
      expect((await bGp.get(url)).json().entries).toEqual([]);
    }
    for (const q of [`patient=${patientId}`, 'status=triaged', `identifier=${reference}`, '']) {
      const bundle = (await bGp.get(`/fhir/R4/Encounter?${q}`)).json();
      expect(bundle.total).toBe(0);
    }
  });

  it('taking, noting, closing, triaging or overriding it: 404, and nothing changed', async () => {
    const before = await snapshot();
    const attempts = [
      bGp.post(`/api/cases/${caseId}/take`),
      bGp.post(`/api/cases/${caseId}/notes`, { text: 'pwned' }),
      bGp.post(`/api/cases/${caseId}/outcome`, { outcome: 'other', summary: 'x' }),
      bGp.post(`/api/cases/${caseId}/transfer`, { toService: 'X', reason: 'x', method: 'phone' }),
      bGp.post(`/api/cases/${caseId}/disposition-override`, { code: 'LX-SELF-CARE', reason: 'x' }),
      bGp.post(`/api/cases/${caseId}/triage`, {
        patient: { ageYears: 40, sex: 'female' },
        presentingComplaint: 'headache',
      }),
      bGp.post(`/api/cases/${caseId}/triage/complete`),
      bHandler.post(`/api/cases/${caseId}/patient`, {
        patientId: newId(),
        verified: false,
        demographics: {},
      }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('reusing the case id to open a case of its own is refused and changes nothing', async () => {
    const before = await snapshot();
    const res = await bHandler.post('/api/cases', { ...aCall(), caseId });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('E_STREAM_CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it('the legitimate-relationship rule: only A has an open case for the patient', async () => {
    expect(await withTenant(t.db.database, orgA, (tx) => hasOpenCaseForPatient(tx, orgA, patientId))).toBe(
      true,
    );
    expect(await withTenant(t.db.database, orgB, (tx) => hasOpenCaseForPatient(tx, orgB, patientId))).toBe(
      false,
    );
    // Row-level security holds even when a query forgets its organisation filter.
    const leaked = await withTenant(t.db.database, orgB, (tx) =>
      tx.selectFrom('cases').select('id').execute(),
    );
    expect(leaked.map((r) => r.id)).not.toContain(caseId);
  });
});
