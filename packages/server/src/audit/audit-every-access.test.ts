import { ROLES } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { NO_ORG_CHAIN } from './auditLog.js';
import { verifyAuditChains } from './verifyAudit.js';

const clock = new TestClock();
let t: TestApp;
let org: { orgId: string; users: Record<string, TestUser> };

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  org = await createOrgWithUsers(t.db.database, 'Audited IUC', [...ROLES]);
});
afterAll(async () => t.close());

const auditRows = () => t.db.database.db.selectFrom('audit_events').selectAll();

describe('audit', () => {
  it('the entry for a request is committed before its response arrives', async () => {
    const s = await signIn(t.app, clock, org.users.clinician as TestUser);
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    const row = await auditRows()
      .where('request_id', '=', String(res.headers['x-request-id']))
      .executeTakeFirst();
    expect(row).toMatchObject({
      org_id: org.orgId,
      user_id: (org.users.clinician as TestUser).id,
      action: 'GET /api/auth/me',
      outcome: 'success',
      role: 'clinician',
    });
  });

  it('records sign-in success and failure, for known and unknown users', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost@nowhere.test', password: 'not a real account' },
      remoteAddress: '10.77.0.1',
    });
    const ghost = await auditRows().where('username', '=', 'ghost@nowhere.test').executeTakeFirst();
    expect(ghost).toMatchObject({
      chain_id: NO_ORG_CHAIN,
      category: 'authentication',
      action: 'login',
      outcome: 'failure',
      source_ip: '10.77.0.1',
    });
    const starts = await auditRows()
      .where('org_id', '=', org.orgId)
      .where('action', '=', 'session-start')
      .execute();
    expect(starts.length).toBeGreaterThan(0);
  });

  it('a simulated day of activity leaves every audit chain intact, and an edit in SQL is caught', async () => {
    for (let hour = 0; hour < 24; hour++) {
      const role = ROLES[hour % ROLES.length] as (typeof ROLES)[number];
      const s = await signIn(t.app, clock, org.users[role] as TestUser);
      for (const url of [
        '/api/auth/me',
        '/api/admin/users',
        '/fhir/R4/AuditEvent?_count=5',
        '/api/privacy-alerts',
      ]) {
        await t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      }
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: (org.users[role] as TestUser).username, password: 'wrong password here' },
        remoteAddress: `10.88.0.${hour + 1}`,
      });
      clock.advance(3600);
    }
    const report = await verifyAuditChains(t.db.database);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBeGreaterThan(24 * 6);

    const victim = await auditRows()
      .where('org_id', '=', org.orgId)
      .where('outcome', '=', 'denied')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await t.db.database.exec(
      `ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET outcome = 'success' WHERE id = '${victim.id}'; ALTER TABLE audit_events ENABLE TRIGGER USER;`,
    );
    const after = await verifyAuditChains(t.db.database);
    expect(after.ok).toBe(false);
    expect(after.chains.find((c) => c.chainId === org.orgId)?.broken).toMatchObject({
      kind: 'hash-mismatch',
      seq: Number(victim.seq),
    });
  });

  it('nobody can edit or delete audit entries through Lantern', async () => {
    const writes = t.app.routeAccess.filter(
      (r) => /audit/i.test(r.url) && r.method !== 'GET' && r.method !== 'HEAD',
    );
    expect(writes).toEqual([]);
    await expect(sql`DELETE FROM audit_events`.execute(t.db.database.db)).rejects.toThrow(/append-only/);
  });

  it('auditors search by user, date and action as FHIR AuditEvent', async () => {
    const auditor = await signIn(t.app, clock, org.users.auditor as TestUser);
    const handler = org.users['call-handler'] as TestUser;
    const byUser = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/AuditEvent?agent=${handler.id}`,
      headers: { cookie: auditor.cookie },
    });
    expect(byUser.statusCode).toBe(200);
    expect(byUser.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(byUser.json()).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(byUser.json().entry.length).toBeGreaterThan(0);
    for (const e of byUser.json().entry) expect(e.resource.agent[0].who.identifier.value).toBe(handler.id);
    const today = new Date(clock.ms).toISOString().slice(0, 10);
    const byDate = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/AuditEvent?date=ge${today}&subtype=session-start`,
      headers: { cookie: auditor.cookie },
    });
    expect(byDate.statusCode).toBe(200);
    for (const e of byDate.json().entry) expect(e.resource.subtype[0].code).toBe('session-start');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/AuditEvent?date=yesterday',
      headers: { cookie: auditor.cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().resourceType).toBe('OperationOutcome');
  });
});
