import { newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { type Caller, callerFor, indexPatient, openCase, triageTo } from './caseTestKit.js';

/*
 * Story: a clinician opens a case and reads its history: every entry in order with who did it
 * by name, the triage run on it, and the patient's earlier contact. Another organisation sees
 * nothing, and the read is audited against the patient.
 */
const clock = new TestClock(Date.now());
let t: TestApp;
let handler: Caller;
let gp: Caller;
let auditor: Caller;
let otherGp: Caller;
let patientId = '';
let earlier = '';
let caseId = '';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'History IUC', [
    'call-handler',
    'clinician',
    'auditor',
  ]);
  const other = await createOrgWithUsers(t.db.database, 'Elsewhere IUC', ['clinician']);
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  gp = callerFor(t.app, await signIn(t.app, clock, org.users.clinician as TestUser));
  auditor = callerFor(t.app, await signIn(t.app, clock, org.users.auditor as TestUser));
  otherGp = callerFor(t.app, await signIn(t.app, clock, other.users.clinician as TestUser));
  patientId = await indexPatient(t.eventStore, org.orgId, {
    given: 'Ruth',
    family: 'Ellis',
    gender: 'female',
  });
  const identify = (id: string) =>
    handler.post(`/api/cases/${id}/patient`, {
      patientId,
      verified: false,
      demographics: { givenName: 'Ruth', familyName: 'Ellis' },
    });
  earlier = await openCase(handler, { presentingComplaint: 'Headache yesterday' });
  await identify(earlier);
  caseId = await openCase(handler, { presentingComplaint: 'Headache worse, jaw pain' });
  await identify(caseId);
  await triageTo(handler, caseId);
  await handler.post(`/api/cases/${caseId}/triage/complete`, { eventId: newId() });
  await handler.post(`/api/cases/${caseId}/queue`);
  await gp.post(`/api/cases/${caseId}/take`);
  await gp.post(`/api/cases/${caseId}/call-backs`, { outcome: 'no-answer' });
  await gp.post(`/api/cases/${caseId}/notes`, {
    text: 'Jaw claudication; same-day review.',
    kind: 'consultation',
  });
});
afterAll(async () => t.close());

describe('a case’s history reads like the record', () => {
  it('every entry, oldest first, with who did it by name and the triage run on it', async () => {
    const res = await gp.get(`/api/cases/${caseId}/history`);
    expect(res.statusCode).toBe(200);
    const h = res.json();
    const caseEntries = h.entries.filter((e: { stream: string }) => e.stream === 'case');
    expect(caseEntries.map((e: { type: string }) => e.type)).toEqual([
      'CaseOpened',
      'PresentingComplaintRecorded',
      'PatientIdentified',
      'DispositionReached',
      'CaseQueued',
      'CaseAssigned',
      'CallBackAttempted',
      'ConsultationNoteAdded',
    ]);
    const seqs = caseEntries.map((e: { seq: number }) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const assigned = caseEntries.find((e: { type: string }) => e.type === 'CaseAssigned');
    expect(assigned.summary).toBe('Assigned to clinician of History IUC');
    expect(assigned.actor.name).toBe('clinician of History IUC');
    expect(caseEntries[0].actor.name).toBe('call-handler of History IUC');
    // The note's text stays in the notes list, not the timeline (read over a shoulder).
    expect(JSON.stringify(h.entries)).not.toContain('claudication');
    expect(h.triages).toEqual([
      expect.objectContaining({ protocolId: 'headache', status: 'completed', dispositionCode: 'Dx05' }),
    ]);
    expect(h.entries.map((e: { type: string }) => e.type)).toContain('TriageCompleted');
    expect(h.version).toBe(caseEntries.length);
  });

  it('lists the patient’s other contact with the organisation', async () => {
    const h = (await gp.get(`/api/cases/${caseId}/history`)).json();
    expect(h.priorCases).toEqual([
      expect.objectContaining({
        caseId: earlier,
        linkedBy: 'patient',
        presentingComplaint: 'Headache yesterday',
      }),
    ]);
  });

  it('is not there for another organisation (404), and the read is audited against the patient', async () => {
    expect((await otherGp.get(`/api/cases/${caseId}/history`)).statusCode).toBe(404);
    expect((await gp.get(`/api/cases/${newId()}/history`)).statusCode).toBe(404);
    const audit = (await auditor.get(`/fhir/R4/AuditEvent?patient=${patientId}&_count=200`)).json();
    const actions = audit.entry.map(
      (e: { resource: { subtype: { code: string }[] } }) => e.resource.subtype[0]?.code,
    );
    expect(actions).toContain('case.history');
  });
});
