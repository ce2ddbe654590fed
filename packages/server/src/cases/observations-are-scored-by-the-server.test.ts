import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Caller, callerFor, openCase } from './caseTestKit.js';

/*
 * Story: a clinician on a call-back takes the patient's readings and records them. The server
 * scores NEWS2 itself (core), so the record's score is always the score of its readings, and a
 * reading typed wrong is refused at its field with nothing written.
 */
const clock = new TestClock(Date.now());
let t: TestApp;
let gp: Caller;
let caseId = '';

const READINGS = {
  respiratoryRate: 24,
  oxygenSaturation: 94,
  spo2Scale: 1,
  supplementalOxygen: false,
  systolicBloodPressure: 104,
  pulseRate: 112,
  consciousness: 'alert',
  temperature: 38.6,
};

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Obs IUC', ['clinician']);
  gp = callerFor(t.app, await signIn(t.app, clock, org.users.clinician as TestUser));
  caseId = await openCase(gp);
});
afterAll(async () => t.close());

const eventCount = async () =>
  (await t.db.database.db.selectFrom('events').select('id').where('stream_id', '=', caseId).execute()).length;

describe('observations are scored by the server', () => {
  it('records the readings with the NEWS2 it computed, on the case and its timeline', async () => {
    const takenAt = new Date(clock.now().getTime() - 5 * 60_000).toISOString();
    const res = await gp.post(`/api/cases/${caseId}/observations`, {
      observations: READINGS,
      takenAt,
      source: 'patient-or-carer',
    });
    expect(res.statusCode).toBe(200);
    const obs = res.json().case.observations;
    // RR 24 (2) + SpO2 94 (1) + SBP 104 (1) + HR 112 (2) + T 38.6 (1) = 7.
    expect(obs).toHaveLength(1);
    expect(obs[0]).toMatchObject({ news2: { total: 7, band: 'high' }, takenAt, source: 'patient-or-carer' });
    expect(res.json().case.timeline.at(-1).summary).toBe('Observations recorded: NEWS2 7 (high)');
  });

  it('a score sent by the client is not a field: 400, nothing written', async () => {
    const before = await eventCount();
    const res = await gp.post(`/api/cases/${caseId}/observations`, {
      observations: READINGS,
      news2: { total: 0 },
    });
    expect(res.statusCode).toBe(400);
    expect(await eventCount()).toBe(before);
  });

  it('an implausible reading is refused at its field: 400, nothing written', async () => {
    const before = await eventCount();
    const res = await gp.post(`/api/cases/${caseId}/observations`, {
      observations: { ...READINGS, temperature: 386 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'E_VALIDATION',
      errors: [{ path: 'observations.temperature' }],
    });
    expect(await eventCount()).toBe(before);
  });
});
