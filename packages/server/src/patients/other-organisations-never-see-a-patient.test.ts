import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../tenancy/withTenant.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Api, apiAs, openCaseFor, registerPatient, registration } from './patientFixtures.js';

/*
 * Attack: a user of organisation B knows (or guesses) organisation A's patient id and NHS number
 * and tries every door: read, search, FHIR, change, notes, break-glass, even a forged case of
 * their own naming A's patient. Every door answers as if the patient did not exist, and
 * nothing of A's changes.
 */
const clock = new TestClock();
let t: TestApp;
let orgA: string;
let orgB: string;
let a: Api;
let b: Api;
let bClinician: Api;
let patientId = '';
const NHS = '9990001170';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const A = await createOrgWithUsers(t.db.database, 'Org A IUC', ['call-handler']);
  const B = await createOrgWithUsers(t.db.database, 'Org B IUC', ['call-handler', 'clinician']);
  orgA = A.orgId;
  orgB = B.orgId;
  a = apiAs(t.app, await signIn(t.app, clock, A.users['call-handler'] as TestUser));
  b = apiAs(t.app, await signIn(t.app, clock, B.users['call-handler'] as TestUser));
  bClinician = apiAs(t.app, await signIn(t.app, clock, B.users.clinician as TestUser));
  patientId = await registerPatient(a, {
    nhsNumber: NHS,
    name: { given: ['Aisha'], family: 'Rahman' },
    birthDate: '1988-02-14',
    gender: 'female',
    address: { lines: ['4 Canal Street'], postcode: 'M1 3HE' },
  });
  await openCaseFor(t.eventStore, orgA, patientId);
});
afterAll(async () => t.close());

const versionInA = async () => (await t.eventStore.readStream(orgA, patientId)).length;

describe("organisation B cannot reach organisation A's patient", () => {
  it('reading by id: 404, as if there were no such patient', async () => {
    const res = await b.get(`/api/patients/${patientId}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Rahman');
  });

  it('even with a forged case of its own naming the patient id: still 404', async () => {
    await openCaseFor(t.eventStore, orgB, patientId);
    expect((await b.get(`/api/patients/${patientId}`)).statusCode).toBe(404);
    expect((await b.get(`/fhir/R4/Patient/${patientId}`)).statusCode).toBe(404);
  });

  it('search by NHS number, by name and date of birth, by postcode: nothing', async () => {
    expect((await b.get(`/api/patients?nhsNumber=${NHS}`)).json().matches).toEqual([]);
    expect((await b.get('/api/patients?family=Rahman&birthDate=1988-02-14')).json().matches).toEqual([]);
    expect((await b.get('/api/patients?family=Rahman&postcode=M1%203HE')).json().matches).toEqual([]);
  });

  it('FHIR read and search: 404 OperationOutcome and an empty Bundle', async () => {
    const read = await b.get(`/fhir/R4/Patient/${patientId}`);
    expect(read.statusCode).toBe(404);
    expect(read.json().resourceType).toBe('OperationOutcome');
    const search = await b.get(`/fhir/R4/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS}`);
    expect(search.json()).toMatchObject({ resourceType: 'Bundle', total: 0, entry: [] });
    const byName = await b.get('/fhir/R4/Patient?family=rahman&birthdate=1988-02-14');
    expect(byName.json().total).toBe(0);
  });

  it('changes, notes and break-glass: 404, and nothing of A changes', async () => {
    const patch = await b.patch(`/api/patients/${patientId}`, {
      eventId: newId(),
      expectedVersion: 1,
      changes: { address: { lines: ['Somewhere else'], postcode: 'LS1 6AE' } },
    });
    expect(patch.statusCode).toBe(404);
    const note = await b.post(`/api/patients/${patientId}/special-notes`, {
      eventId: newId(),
      noteId: newId(),
      kind: 'safeguarding',
      text: 'A false safeguarding note',
    });
    expect(note.statusCode).toBe(404);
    const glass = await bClinician.post(`/api/patients/${patientId}/break-glass`, {
      reason: 'Trying to read another organisation record',
    });
    expect(glass.statusCode).toBe(404);
    expect(await versionInA()).toBe(1);
    const grants = await t.db.database.db.selectFrom('break_glass_grants').selectAll().execute();
    expect(grants).toEqual([]);
    const alertsInA = await t.db.database.db
      .selectFrom('privacy_alerts')
      .where('org_id', '=', orgA)
      .selectAll()
      .execute();
    expect(alertsInA).toEqual([]);
  });

  it("registering with A's patient id is refused; A's record is untouched", async () => {
    const body = registration({ name: { family: 'Impostor' }, birthDate: '1990-01-01', gender: 'unknown' });
    const res = await b.post('/api/patients', { ...body, id: patientId });
    expect(res.statusCode).toBe(409);
    expect(await versionInA()).toBe(1);
    const mine = await a.get(`/api/patients/${patientId}`);
    expect(mine.json().demographics.name.family).toBe('Rahman');
  });

  it("B may hold its own record with the same NHS number; A's searches never show it", async () => {
    const bId = await registerPatient(b, {
      nhsNumber: NHS,
      name: { family: 'Rahman' },
      birthDate: '1988-02-14',
      gender: 'female',
    });
    const fromA = (await a.get(`/api/patients?nhsNumber=${NHS}`)).json().matches;
    expect(fromA.map((m: { patientId: string }) => m.patientId)).toEqual([patientId]);
    expect((await a.get(`/api/patients/${bId}`)).statusCode).toBe(404);
  });

  it('row-level security hides the rows even from a query that forgets its filter', async () => {
    const seenByB = await withTenant(t.db.database, orgB, (tx) =>
      tx.selectFrom('patients').select('id').execute(),
    );
    expect(seenByB.map((r) => r.id)).not.toContain(patientId);
    expect(seenByB).toHaveLength(1);
  });
});
