import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { onPostgres } from '../testing/testDatabase.js';
import { type Caller, callerFor, openCase, triageTo } from './caseTestKit.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let handler: Caller;
let priya: Caller;
let sam: Caller;
let users: Record<string, TestUser>;
let orgId = '';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Race IUC', [
    'call-handler',
    'clinician',
    'prescriber',
  ]);
  users = org.users;
  orgId = org.orgId;
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  priya = callerFor(t.app, await signIn(t.app, clock, org.users.clinician as TestUser));
  sam = callerFor(t.app, await signIn(t.app, clock, org.users.prescriber as TestUser));
});
afterAll(async () => t.close());

async function queuedCase(): Promise<string> {
  const caseId = await openCase(handler);
  await triageTo(handler, caseId);
  expect((await handler.post(`/api/cases/${caseId}/triage/complete`)).statusCode).toBe(200);
  expect((await handler.post(`/api/cases/${caseId}/queue`)).statusCode).toBe(200);
  return caseId;
}

async function assignments(caseId: string): Promise<number> {
  const rows = await t.db.database.db
    .selectFrom('events')
    .select('id')
    .where('org_id', '=', orgId)
    .where('stream_id', '=', caseId)
    .where('type', '=', 'CaseAssigned')
    .execute();
  return rows.length;
}

describe(`two clinicians pressing "take" at once: exactly one gets the case (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('five races, five single winners; the loser is told who has it', async () => {
    for (let round = 0; round < 5; round++) {
      const caseId = await queuedCase();
      const [a, b] = await Promise.all([
        priya.post(`/api/cases/${caseId}/take`),
        sam.post(`/api/cases/${caseId}/take`),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes).toEqual([200, 409]);
      const winner = a.statusCode === 200 ? a : b;
      const loser = a.statusCode === 200 ? b : a;
      const winnerId = winner === a ? users.clinician?.id : users.prescriber?.id;
      expect(['E_INVALID_TRANSITION', 'E_STREAM_VERSION_CONFLICT']).toContain(loser.json().code);
      const now = (await priya.get(`/api/cases/${caseId}`)).json();
      expect(now).toMatchObject({ status: 'assigned', assignedTo: winnerId });
      expect(await assignments(caseId)).toBe(1);
    }
  });

  it('with the version each saw pinned, the second is refused as stale', async () => {
    const caseId = await queuedCase();
    const version = (await priya.get(`/api/cases/${caseId}`)).json().version;
    const [a, b] = await Promise.all([
      priya.post(`/api/cases/${caseId}/take`, { expectedVersion: version }),
      sam.post(`/api/cases/${caseId}/take`, { expectedVersion: version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a.json().code, b.json().code]).toContain('E_STREAM_VERSION_CONFLICT');
    expect(await assignments(caseId)).toBe(1);
  });

  it('a note added while the case is taken still lands (commands that do not conflict both succeed)', async () => {
    const caseId = await queuedCase();
    const [take, note] = await Promise.all([
      priya.post(`/api/cases/${caseId}/take`),
      sam.post(`/api/cases/${caseId}/notes`, {
        text: 'Handover: caller may be hard of hearing',
        kind: 'handover',
      }),
    ]);
    expect([take.statusCode, note.statusCode]).toEqual([200, 200]);
    const c = (await priya.get(`/api/cases/${caseId}`)).json();
    expect(c.status).toBe('assigned');
    expect(c.notes).toHaveLength(1);
  });

  it('taking a case held by a colleague needs them (or a supervisor) to release it first', async () => {
    const caseId = await queuedCase();
    expect((await priya.post(`/api/cases/${caseId}/take`)).statusCode).toBe(200);
    const grab = await sam.post(`/api/cases/${caseId}/take`);
    expect(grab.json()).toMatchObject({ code: 'E_INVALID_TRANSITION' });
    expect(grab.json().detail).toContain('must be released');
    expect((await sam.post(`/api/cases/${caseId}/release`)).json().code).toBe('E_VALIDATION');
    const release = await sam.post(`/api/cases/${caseId}/release`, { reason: 'Priya has gone off shift' });
    expect(release.json().case).toMatchObject({ status: 'queued', assignedTo: null });
    expect((await sam.post(`/api/cases/${caseId}/take`)).statusCode).toBe(200);
  });
});
