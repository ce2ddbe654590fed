import { compareQueueEntries, newId } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { aCall, type Caller, callerFor, indexPatient, openCase } from './caseTestKit.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let handler: Caller;
let gp: Caller;
let orgId = '';
const MIN = 60_000;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Queue IUC', ['call-handler', 'clinician']);
  orgId = org.orgId;
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  gp = callerFor(t.app, await signIn(t.app, clock, org.users.clinician as TestUser));
});
afterAll(async () => t.close());

/**
 * A case whose disposition was reached `ago` minutes ago (an inbound referral, written straight
 * to the log as another supplier's system would send it), then queued at `priority`.
 */
async function referred(
  code: string,
  timeframe: number | null,
  ago: number | string,
  priority: number,
  queue = 'cas',
) {
  const caseId = await openCase(handler);
  const at = typeof ago === 'string' ? ago : new Date(Date.now() - ago * MIN).toISOString();
  const v = (await gp.get(`/api/cases/${caseId}`)).json().version;
  await t.eventStore.append(orgId, { type: 'case', id: caseId }, v, [
    {
      id: newId(),
      type: 'DispositionReached',
      occurredAt: at,
      data: {
        code,
        label: `Referral ${code}`,
        timeframeMinutes: timeframe,
        skillset: 'primary-care-callback',
        source: 'inbound-referral',
      },
    },
  ]);
  expect((await handler.post(`/api/cases/${caseId}/queue`, { queue, priority })).statusCode).toBe(200);
  return caseId;
}

describe('the queue puts the most urgent case on top', () => {
  it('earliest breach first, then priority, then the longest wait; no breach time last; bands shown', async () => {
    const selfCare = await referred('LX-SELF-CARE', null, 0, 1);
    const breached = await referred('Dx11', 60, 70, 5); // breached 10 minutes ago
    const critical = await referred('Dx11', 60, 55, 4); // 5 minutes left
    const warning = await referred('Dx05', 120, 95, 3); // 25 minutes left of 120
    const ok = await referred('Dx06', 360, 10, 2);
    const res = await gp.get('/api/queue?queue=cas');
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as {
      caseId: string;
      breachBand: string;
      breachAt: string | null;
      priority: number;
      openedAt: string;
    }[];
    expect(entries.map((e) => e.caseId)).toEqual([breached, critical, warning, ok, selfCare]);
    expect(entries.map((e) => e.breachBand)).toEqual(['breached', 'critical', 'warning', 'ok', 'ok']);
    // The database's order is core's order.
    const sorted = [...entries].sort((a, b) => compareQueueEntries({ ...a }, { ...b }));
    expect(sorted.map((e) => e.caseId)).toEqual(entries.map((e) => e.caseId));
  });

  it('ties on breach time go to the higher priority, then the case opened first', async () => {
    const at = new Date(Date.now() - 30 * MIN).toISOString();
    const lowFirst = await referred('Dx05', 120, at, 4, 'tie');
    const lowSecond = await referred('Dx05', 120, at, 4, 'tie');
    const high = await referred('Dx05', 120, at, 2, 'tie');
    const entries = (await gp.get('/api/queue?queue=tie')).json().entries as { caseId: string }[];
    expect(entries.map((e) => e.caseId)).toEqual([high, lowFirst, lowSecond]);
  });

  it('filters by queue, skillset and status; "mine" lists what I hold; limit caps it', async () => {
    const caseId = await referred('Dx05', 120, 0, 3, 'mine-q');
    expect((await gp.post(`/api/cases/${caseId}/take`)).statusCode).toBe(200);
    expect((await gp.get('/api/queue?queue=mine-q')).json().entries).toEqual([]);
    expect((await gp.get('/api/queue?queue=mine-q&status=assigned')).json().entries).toHaveLength(1);
    expect(
      (await gp.get('/api/queue?mine=true')).json().entries.map((e: { caseId: string }) => e.caseId),
    ).toEqual([caseId]);
    expect((await gp.get('/api/queue?skillset=primary-care-callback&limit=2')).json().entries).toHaveLength(
      2,
    );
    expect((await gp.get('/api/queue?limit=0')).json().code).toBe('E_VALIDATION');
    expect((await gp.get('/api/queue?status=closed')).json().code).toBe('E_VALIDATION');
  });
});

describe('repeat callers: three contacts in 96 hours flag the case', () => {
  const number = '07700 900777';
  const call = (hoursAgo: number) =>
    handler.post('/api/cases', {
      ...aCall({ call: { callerName: 'Grace', relationshipToPatient: 'self', callBackNumber: number } }),
      occurredAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
    });

  it('by call-back number: the third call within the window is flagged, naming the two before', async () => {
    const old = (await call(120)).json().case; // outside the window
    const first = (await call(50)).json().case;
    const second = (await call(20)).json().case;
    expect(first.flags.repeatCaller).toBeNull();
    expect(second.flags.repeatCaller).toBeNull();
    const third = await call(0);
    expect(third.statusCode).toBe(201);
    const c = third.json().case;
    expect(c.flags.repeatCaller).toMatchObject({
      priorCaseIds: [first.caseId, second.caseId],
      windowHours: 96,
    });
    expect(c.priorCaseIds ?? c.flags.repeatCaller.priorCaseIds).not.toContain(old.caseId);
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual(['CaseOpened', 'RepeatCallerFlagged']);
    const row = await t.db.database.db
      .selectFrom('cases')
      .select('repeat_caller')
      .where('id', '=', c.caseId)
      .executeTakeFirstOrThrow();
    expect(row.repeat_caller).toBe(true);
  });

  it('by patient: identifying the patient on a call from a new number flags it', async () => {
    const patientId = await indexPatient(t.eventStore, orgId, { given: 'Ola' });
    const identify = (caseId: string) =>
      handler.post(`/api/cases/${caseId}/patient`, {
        patientId,
        verified: false,
        demographics: { givenName: 'Ola' },
      });
    for (const hours of [40, 10]) {
      const res = await handler.post('/api/cases', {
        ...aCall(),
        occurredAt: new Date(Date.now() - hours * 3_600_000).toISOString(),
      });
      await identify(res.json().case.caseId);
    }
    const caseId = await openCase(handler);
    const res = await identify(caseId);
    expect(res.json().case.flags.repeatCaller.priorCaseIds).toHaveLength(2);
    // Identifying again adds no second flag.
    const again = await identify(caseId);
    expect(
      again.json().case.timeline.filter((e: { type: string }) => e.type === 'RepeatCallerFlagged'),
    ).toHaveLength(1);
  });
});
