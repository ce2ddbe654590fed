import { newId, PATIENT_STREAM } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, registerPatient } from '../patients/patientFixtures.js';
import { withTenant } from '../tenancy/withTenant.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Caller, callerFor, openCase } from './caseTestKit.js';
import { hasOpenCaseForPatient } from './relationship.js';

/*
 * Regression: POST /api/cases/:id/patient took any patientId on trust. A user with case:update
 * could open a case, name a patient (of their organisation or not), and so gain the "open case"
 * legitimate relationship to that record without a real call; or make a case whose snapshot
 * pairs one person's name with another's NHS number. The command now checks the patient index.
 */
const clock = new TestClock(Date.now());
let t: TestApp;
let orgA = '';
let handlerA: Caller;
let patientA = '';
let verifiedA = '';
let patientB = '';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const a = await createOrgWithUsers(t.db.database, 'North IUC', ['call-handler']);
  const b = await createOrgWithUsers(t.db.database, 'South IUC', ['call-handler']);
  orgA = a.orgId;
  const sessionA = await signIn(t.app, clock, a.users['call-handler'] as TestUser);
  const sessionB = await signIn(t.app, clock, b.users['call-handler'] as TestUser);
  handlerA = callerFor(t.app, sessionA);
  patientA = await registerPatient(apiAs(t.app, sessionA), {
    nhsNumber: '943 476 5919',
    name: { given: ['Kofi'], family: 'Mensah' },
    birthDate: '1954-03-14',
    gender: 'male',
  });
  // A record PDS verified (as a PDS trace adopts it; the HTTP registration cannot claim it).
  verifiedA = newId();
  await t.eventStore.append(orgA, { type: PATIENT_STREAM, id: verifiedA }, 0, [
    {
      id: newId(),
      type: 'PatientRegistered',
      data: {
        demographics: {
          nhsNumber: '9990000018',
          nhsNumberVerified: true,
          name: { given: ['Ada'], family: 'Lovell' },
          birthDate: '1980-01-02',
          gender: 'female',
        },
      },
      actor: 'system:pds',
    },
  ]);
  patientB = await registerPatient(apiAs(t.app, sessionB), {
    name: { given: ['Bea'], family: 'South' },
    birthDate: '1970-07-07',
    gender: 'female',
  });
});
afterAll(async () => t.close());

async function eventCount(caseId: string): Promise<number> {
  const rows = await t.db.database.db
    .selectFrom('events')
    .select('id')
    .where('stream_id', '=', caseId)
    .execute();
  return rows.length;
}

const related = (patientId: string) =>
  withTenant(t.db.database, orgA, (tx) => hasOpenCaseForPatient(tx, orgA, patientId));

describe('a case names only a patient in its organisation’s patient index', () => {
  it('a patient id that is in no index: 422 E_UNKNOWN_REFERENCE, nothing written, no relationship', async () => {
    const caseId = await openCase(handlerA);
    const invented = newId();
    const res = await handlerA.post(`/api/cases/${caseId}/patient`, {
      patientId: invented,
      verified: false,
      demographics: { givenName: 'Nobody' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'E_UNKNOWN_REFERENCE', errors: [{ path: 'patientId' }] });
    expect(await eventCount(caseId)).toBe(1);
    expect(await related(invented)).toBe(false);
  });

  it('another organisation’s patient: the same answer, so the refusal confirms nothing', async () => {
    const caseId = await openCase(handlerA);
    const res = await handlerA.post(`/api/cases/${caseId}/patient`, {
      patientId: patientB,
      verified: false,
      demographics: { givenName: 'Bea', familyName: 'South' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('E_UNKNOWN_REFERENCE');
    expect(await eventCount(caseId)).toBe(1);
    // The record stays closed: A's handler still has no basis to read it (404: not theirs).
    expect((await handlerA.get(`/api/patients/${patientB}`)).statusCode).toBe(404);
  });

  it('an NHS number that is not the record’s: 400 on nhsNumber, nothing written', async () => {
    const caseId = await openCase(handlerA);
    const res = await handlerA.post(`/api/cases/${caseId}/patient`, {
      patientId: patientA,
      nhsNumber: '999 000 0018',
      verified: false,
      demographics: { givenName: 'Kofi', familyName: 'Mensah' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'nhsNumber' }] });
    expect(await eventCount(caseId)).toBe(1);
  });

  it('“verified on PDS” for a record PDS has not verified: 400 on verified', async () => {
    const caseId = await openCase(handlerA);
    const res = await handlerA.post(`/api/cases/${caseId}/patient`, {
      patientId: patientA,
      nhsNumber: '9434765919',
      verified: true,
      demographics: { givenName: 'Kofi', familyName: 'Mensah' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_VALIDATION', errors: [{ path: 'verified' }] });
    expect(await eventCount(caseId)).toBe(1);
  });

  it('the indexed patient, truthfully: recorded, and the open case gives the relationship', async () => {
    const caseId = await openCase(handlerA);
    const res = await handlerA.post(`/api/cases/${caseId}/patient`, {
      patientId: verifiedA,
      nhsNumber: '999 000 0018',
      verified: true,
      demographics: { givenName: 'Ada', familyName: 'Lovell' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().case.patient).toMatchObject({ patientId: verifiedA, verified: true });
    expect(await related(verifiedA)).toBe(true);
    expect((await handlerA.get(`/api/patients/${verifiedA}`)).statusCode).toBe(200);
  });
});
