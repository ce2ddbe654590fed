import { newId } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, callerFor, openCase } from '../cases/caseTestKit.js';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { rebuildProjections } from '../eventlog/rebuildProjections.js';
import { registerProjections } from '../runtime.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { inProgressQuery, liveCasesQuery } from './wallboardStore.js';

/*
 * Story: a supervisor's wallboard counts the live queue the way the queue itself bands it
 * (core breachBand): calls waiting per queue, the longest wait since a case joined its queue,
 * cases near and past breach with the worst few by reference, calls still in progress. It
 * names no patient, shows only its organisation, and is only for those with wallboard:read.
 */
const clock = new TestClock(Date.now());
const MIN = 60_000;
let t: TestApp;
let orgId = '';
let handler: Caller;
let gp: Caller;
let supervisor: Caller;
let otherSupervisor: Caller;
const ids: Record<string, string> = {};

const ago = (minutes: number) => new Date(Date.now() - minutes * MIN).toISOString();

/** A case whose disposition (timeframe minutes) was reached `reached` minutes ago, queued a minute later. */
async function queued(name: string, timeframe: number, reached: number, queue: string) {
  const caseId = await openCase(handler, { occurredAt: ago(reached + 5) });
  const v = (await handler.get(`/api/cases/${caseId}`)).json().version;
  await t.eventStore.append(orgId, { type: 'case', id: caseId }, v, [
    {
      id: newId(),
      type: 'DispositionReached',
      occurredAt: ago(reached),
      data: {
        code: `Dx-${name}`,
        label: `Referral ${name}`,
        timeframeMinutes: timeframe,
        skillset: 'primary-care-callback',
        source: 'inbound-referral',
      },
    },
  ]);
  const res = await handler.post(`/api/cases/${caseId}/queue`, { queue, occurredAt: ago(reached - 1) });
  expect(res.statusCode).toBe(200);
  ids[name] = caseId;
  return caseId;
}

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Board IUC', [
    'call-handler',
    'clinician',
    'supervisor',
  ]);
  const other = await createOrgWithUsers(t.db.database, 'Other IUC', ['supervisor']);
  orgId = org.orgId;
  handler = callerFor(t.app, await signIn(t.app, clock, org.users['call-handler'] as TestUser));
  gp = callerFor(t.app, await signIn(t.app, clock, org.users.clinician as TestUser));
  supervisor = callerFor(t.app, await signIn(t.app, clock, org.users.supervisor as TestUser));
  otherSupervisor = callerFor(t.app, await signIn(t.app, clock, other.users.supervisor as TestUser));
});
afterAll(async () => t.close());

describe('the wallboard counts the live queue', () => {
  it('is empty before any call', async () => {
    const res = await supervisor.get('/api/wallboard');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      totals: { waiting: 0, taken: 0, breached: 0, nearBreach: 0, longestWaitingSince: null },
      queues: [],
      worst: [],
      ambulanceRequests: null,
      truncated: false,
    });
  });

  it('per queue: waiting, taken, longest wait, near and past breach; the worst few first', async () => {
    await queued('breached', 60, 70, 'cas'); // 10 minutes over
    await queued('critical', 60, 55, 'cas'); // 5 left
    await queued('warning', 120, 95, 'cas'); // 25 left of 120
    await queued('ok', 360, 10, 'cas');
    await queued('dental', 720, 30, 'dental');
    await queued('taken', 60, 52, 'cas'); // 8 left, then taken
    expect((await gp.post(`/api/cases/${ids.taken}/take`)).statusCode).toBe(200);
    await openCase(handler); // a call still being taken

    const board = (await supervisor.get('/api/wallboard')).json();
    expect(board.totals).toMatchObject({ waiting: 5, taken: 1, breached: 1, nearBreach: 3 });
    const cas = board.queues.find((q: { queue: string }) => q.queue === 'cas');
    expect(cas).toMatchObject({ waiting: 4, taken: 1, breached: 1, nearBreach: 3 });
    // The longest wait counts from joining the queue (the 120-minute case, 94 minutes ago), not from the call.
    expect(Math.round((Date.now() - Date.parse(cas.longestWaitingSince)) / MIN)).toBe(94);
    expect(board.totals.longestWaitingSince).toBe(cas.longestWaitingSince);
    expect(board.queues.map((q: { queue: string }) => q.queue)).toEqual(['cas', 'dental']);
    expect(board.worst.map((w: { caseId: string }) => w.caseId)).toEqual([
      ids.breached,
      ids.critical,
      ids.taken,
      ids.warning,
    ]);
    expect(board.worst.map((w: { breachBand: string }) => w.breachBand)).toEqual([
      'breached',
      'critical',
      'critical',
      'warning',
    ]);
    expect(board.worst[2]).toMatchObject({ status: 'assigned', takenBy: 'clinician of Board IUC' });
    expect(board.inProgress.open).toBeGreaterThanOrEqual(1);
    // No patient or caller is named on a board the whole room can read.
    expect(JSON.stringify(board)).not.toContain('Amara');
  });

  it('shows only its organisation, and only to those with wallboard:read; the read is audited', async () => {
    expect((await otherSupervisor.get('/api/wallboard')).json().totals.waiting).toBe(0);
    expect((await handler.get('/api/wallboard')).statusCode).toBe(403);
    expect((await gp.get('/api/wallboard')).statusCode).toBe(403);
    const audited = await t.db.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('org_id', '=', orgId)
      .where('action', '=', 'wallboard.read')
      .execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
  });

  it('reads the same after the projections are rebuilt from the log (queued_at included)', async () => {
    const before = (await supervisor.get('/api/wallboard')).json();
    const registry = new ProjectionRegistry();
    registerProjections(registry);
    await rebuildProjections(t.db.database, registry);
    const after = (await supervisor.get('/api/wallboard')).json();
    expect({ ...after, generatedAt: null, worst: null }).toEqual({
      ...before,
      generatedAt: null,
      worst: null,
    });
    expect(after.worst.map((w: { caseId: string }) => w.caseId)).toEqual(
      before.worst.map((w: { caseId: string }) => w.caseId),
    );
  });

  it('each of its queries has an index path (a partial live-queue index, cases by status)', async () => {
    await t.db.database.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(tx);
      const live = JSON.stringify(await liveCasesQuery(tx, orgId).explain());
      // Any of the partial live-queue indexes of 0003 (their size is today's queue, not the years).
      expect(live).toMatch(/Index (Only )?Scan using cases_queue_(all|by_queue|by_skillset)/);
      expect(live).not.toContain('Seq Scan');
      const progress = JSON.stringify(await inProgressQuery(tx, orgId, new Date()).explain());
      expect(progress).toContain('cases_by_status');
      expect(progress).not.toContain('Seq Scan');
    });
  });
});
