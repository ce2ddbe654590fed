import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidFhir } from '../testing/fhirValidate.js';
import {
  createOrgWithUsers,
  type SignedIn,
  signIn,
  TestClock,
  type TestUser,
} from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Caller, callerFor, indexPatient, TO_DX05, triageTo } from './caseTestKit.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let handler: Caller;
let gp: Caller;
let gpUser: TestUser;
let auditorSession: SignedIn;
let orgId = '';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Story IUC', [
    'call-handler',
    'clinician',
    'auditor',
    'supervisor',
  ]);
  orgId = org.orgId;
  gpUser = org.users.clinician as TestUser;
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  gp = callerFor(t.app, await signIn(t.app, clock, gpUser));
  auditorSession = await signIn(t.app, clock, org.users.auditor as TestUser);
});
afterAll(async () => t.close());

describe('story: a call from ring to close', () => {
  let caseId = '';
  let version = 0;
  let patientId = '';

  it('the call handler opens a case from the call; the number and postcode are normalised', async () => {
    const res = await handler.post('/api/cases', {
      call: { callerName: 'Amara Okafor', relationshipToPatient: 'parent', callBackNumber: '07700 900123' },
      location: { postcode: 'm1 3he' },
      arrivedVia: 'phone-111',
      serviceId: 'gm-111',
      presentingComplaint: 'Headache for two days, jaw hurts when chewing',
    });
    expect(res.statusCode).toBe(201);
    const c = res.json().case;
    caseId = c.caseId;
    expect(c).toMatchObject({
      status: 'open',
      reference: expect.stringMatching(/^LNT-[2-9A-Z]{5}-[2-9A-Z]{5}$/),
      caller: { callBackNumber: '+447700900123' },
      location: { postcode: 'M1 3HE' },
      presentingComplaint: { text: 'Headache for two days, jaw hurts when chewing' },
      version: 2,
    });
  });

  it('identifies the patient from the index with a valid NHS number (check digit passes)', async () => {
    patientId = await indexPatient(t.eventStore, orgId, {
      nhsNumber: '9434765919',
      nhsNumberVerified: true,
      given: 'Kofi',
      family: 'Okafor',
      birthDate: '1954-03-14',
      gender: 'male',
    });
    const res = await handler.post(`/api/cases/${caseId}/patient`, {
      patientId,
      nhsNumber: '943 476 5919',
      verified: true,
      demographics: { givenName: 'Kofi', familyName: 'Okafor', dateOfBirth: '1954-03-14', sex: 'male' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().case.patient).toMatchObject({ nhsNumber: '9434765919', displayName: 'Kofi Okafor' });
  });

  it('triage runs the sieve, then the headache protocol, and completes at Dx05: the breach time is set', async () => {
    const finished = await triageTo(handler, caseId);
    expect(finished.json().state.status).toBe('finished');
    expect(finished.json().state.outcome.disposition.code).toBe(TO_DX05.expect);
    const before = Date.now();
    const done = await handler.post(`/api/cases/${caseId}/triage/complete`, { eventId: newId() });
    expect(done.statusCode).toBe(200);
    const c = done.json().case;
    expect(c.status).toBe('triaged');
    expect(c.disposition).toMatchObject({
      code: 'Dx05',
      timeframeMinutes: 120,
      protocolId: 'headache',
      protocolVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      source: 'triage',
    });
    const breach = Date.parse(c.breachAt);
    expect(breach).toBeGreaterThanOrEqual(before + 120 * 60_000 - 1000);
    expect(breach).toBeLessThanOrEqual(Date.now() + 120 * 60_000);
    expect(done.json().completed).toBe(true);
  });

  it('the case joins its queue (default: the disposition’s skillset) and shows there', async () => {
    const res = await handler.post(`/api/cases/${caseId}/queue`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().case).toMatchObject({
      status: 'queued',
      queue: 'primary-care-face-to-face',
      priority: 2,
    });
    const queue = await gp.get('/api/queue?queue=primary-care-face-to-face');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().entries).toEqual([
      expect.objectContaining({
        caseId,
        breachBand: 'ok',
        disposition: expect.objectContaining({ code: 'Dx05' }),
        patient: expect.objectContaining({ name: 'Kofi Okafor' }),
      }),
    ]);
    // A call handler works calls, not the clinical queue.
    expect((await handler.get('/api/queue')).statusCode).toBe(403);
  });

  it('a clinician takes it, writes notes, calls back, records the outcome and closes it', async () => {
    const take = await gp.post(`/api/cases/${caseId}/take`);
    expect(take.statusCode).toBe(200);
    expect(take.json().case).toMatchObject({ status: 'assigned', assignedTo: gpUser.id });
    const noAnswer = await gp.post(`/api/cases/${caseId}/call-backs`, { outcome: 'no-answer' });
    expect(noAnswer.json().case.callBacks).toEqual([
      expect.objectContaining({ outcome: 'no-answer', number: '+447700900123' }),
    ]);
    await gp.post(`/api/cases/${caseId}/call-backs`, { outcome: 'answered' });
    const note = await gp.post(`/api/cases/${caseId}/notes`, {
      text: 'Temporal tenderness, jaw claudication. No visual loss. Same-day bloods and review.',
    });
    expect(note.json().case.notes).toEqual([
      expect.objectContaining({ kind: 'consultation', authorId: gpUser.id }),
    ]);
    const outcome = await gp.post(`/api/cases/${caseId}/outcome`, {
      outcome: 'appointment-booked',
      summary: 'Seen at the urgent treatment centre within 2 hours',
    });
    expect(outcome.statusCode).toBe(200);
    const close = await gp.post(`/api/cases/${caseId}/close`, { reason: 'Appointment booked' });
    expect(close.statusCode).toBe(200);
    expect(close.json().case).toMatchObject({ status: 'closed', closure: { kind: 'closed' }, queue: null });
    version = close.json().case.version;
  });

  it('reading the case gives the folded state and its timeline, in order', async () => {
    const res = await gp.get(`/api/cases/${caseId}`);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.version).toBe(version);
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual([
      'CaseOpened',
      'PresentingComplaintRecorded',
      'PatientIdentified',
      'DispositionReached',
      'CaseQueued',
      'CaseAssigned',
      'CallBackAttempted',
      'CallBackAttempted',
      'ConsultationNoteAdded',
      'CaseOutcomeRecorded',
      'CaseClosed',
    ]);
    expect(c.problems).toEqual([]);
    // The closed case has left the queue.
    expect((await gp.get('/api/queue?queue=primary-care-face-to-face')).json().entries).toEqual([]);
  });

  it('the case is a valid FHIR R4 Encounter, found by patient, status and reference', async () => {
    const read = await gp.get(`/fhir/R4/Encounter/${caseId}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toContain('application/fhir+json');
    const enc = read.json();
    expectValidFhir(enc);
    expect(enc).toMatchObject({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'VR' },
      subject: { reference: `Patient/${patientId}`, identifier: { value: '9434765919' } },
      reasonCode: [{ text: 'Headache for two days, jaw hurts when chewing' }],
      serviceType: { coding: [{ code: 'primary-care-face-to-face' }] },
      period: { start: expect.any(String), end: expect.any(String) },
    });
    const reference = enc.identifier[0].value;
    for (const query of [`patient=Patient/${patientId}`, 'status=finished', `identifier=${reference}`]) {
      const bundle = (await gp.get(`/fhir/R4/Encounter?${query}`)).json();
      expectValidFhir(bundle);
      expect(bundle.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([caseId]);
    }
    expect((await gp.get('/fhir/R4/Encounter?status=in-progress')).json().total).toBe(0);
    const caps = (await gp.get('/fhir/R4/metadata')).json();
    expect(caps.rest[0].resource.map((r: { type: string }) => r.type)).toContain('Encounter');
  });

  it('the case can be found by its reference however it is typed', async () => {
    const reference = (await gp.get(`/api/cases/${caseId}`)).json().reference as string;
    const typed = reference.toLowerCase().replace(/-/g, ' ');
    const res = await gp.get(`/api/cases?reference=${encodeURIComponent(typed)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().cases).toEqual([expect.objectContaining({ caseId, status: 'closed' })]);
    const wrongCheck = `${reference.slice(0, -1)}${reference.endsWith('2') ? '3' : '2'}`;
    expect((await gp.get(`/api/cases?reference=${wrongCheck}`)).json().code).toBe('E_VALIDATION');
  });

  it('every read and change of the case is audited against the patient', async () => {
    const auditor = callerFor(t.app, auditorSession);
    const res = await auditor.get(`/fhir/R4/AuditEvent?patient=${patientId}&_count=200`);
    const actions = res
      .json()
      .entry.map((e: { resource: { subtype: { code: string }[] } }) => e.resource.subtype[0]?.code);
    for (const action of [
      'case.identify-patient',
      'triage.complete',
      'case.take',
      'case.note',
      'case.close',
      'case.read',
      'encounter.read',
    ]) {
      expect(actions).toContain(action);
    }
  });
});
