/**
 * Attack-style: users of organisation A, in every role, try every route with organisation B's
 * ids, and read every listing and search. Nothing of B may appear in any answer and nothing of
 * B may change. Then the database's own line: inside a tenant transaction, a query with no org
 * filter at all still sees only its own organisation, and cannot write into another.
 * Capabilities that add routes are covered automatically (the route list comes from the app).
 */
import { ROLES } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrgWithUsers,
  type SignedIn,
  signIn,
  TestClock,
  type TestUser,
} from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { withTenant } from './withTenant.js';

const clock = new TestClock();
let t: TestApp;
let a: { orgId: string; users: Record<string, TestUser> };
let b: { orgId: string; users: Record<string, TestUser> };
let bSession: SignedIn;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  a = await createOrgWithUsers(t.db.database, 'Org A', [...ROLES]);
  b = await createOrgWithUsers(t.db.database, 'Org B', [...ROLES]);
  bSession = await signIn(t.app, clock, b.users.clinician as TestUser);
});
afterAll(async () => t.close());

const bSecrets = () => [b.orgId, ...Object.values(b.users).flatMap((u) => [u.id, u.username])];
const snapshotB = async () =>
  t.db.database.db
    .selectFrom('users')
    .select(['id', 'status', 'mfa_enrolled', 'locked_until', 'failed_attempts', 'totp_secret', 'expires_at'])
    .where('org_id', '=', b.orgId)
    .orderBy('id')
    .execute();

describe('organisation A attacks organisation B through every route', () => {
  it('no answer to any role of A contains anything of B, and B is unchanged', async () => {
    const before = await snapshotB();
    const bUserIds = Object.values(b.users).map((u) => u.id);
    const routes = t.app.routeAccess.filter(
      (r) => !['public', 'mfa-challenge'].includes(r.access) && r.method !== 'HEAD' && !r.url.includes('*'),
    );
    expect(routes.length).toBeGreaterThan(8);
    let attempts = 0;
    for (const role of ROLES) {
      const s = await signIn(t.app, clock, a.users[role] as TestUser);
      for (const r of routes) {
        for (const target of [bUserIds[0], b.orgId]) {
          const url = r.url.replace(/:(\w+)/g, target as string);
          const query = r.method === 'GET' ? `?patient=${target}&agent=${target}` : '';
          const res = await t.app.inject({
            method: r.method as 'GET',
            url: url + (r.url.includes('AuditEvent') ? query : ''),
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
            ...(r.method === 'GET' ? {} : { payload: {} }),
          });
          attempts += 1;
          for (const secret of bSecrets())
            expect(
              res.body.includes(secret),
              `${role} ${r.method} ${url} leaked ${secret} (${res.statusCode})`,
            ).toBe(false);
          expect(res.statusCode, `${role} ${r.method} ${url}`).not.toBe(500);
        }
      }
    }
    expect(attempts).toBeGreaterThan(100);
    expect(await snapshotB()).toEqual(before);
    // B's own session survived every attempt to revoke it.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: bSession.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it("A's admin acting on B's users by id gets 404 and changes nothing", async () => {
    const admin = await signIn(t.app, clock, a.users['org-admin'] as TestUser);
    const victim = b.users.clinician as TestUser;
    for (const action of ['unlock', 'revoke-sessions', 'reset-mfa']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/admin/users/${victim.id}/${action}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      });
      expect(res.statusCode, action).toBe(404);
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: bSession.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it("A's auditor never sees B's audit entries, even searching by B's user id", async () => {
    const auditor = await signIn(t.app, clock, a.users.auditor as TestUser);
    const all = await t.app.inject({
      method: 'GET',
      url: '/fhir/R4/AuditEvent?_count=1000',
      headers: { cookie: auditor.cookie },
    });
    expect(all.statusCode).toBe(200);
    expect(all.json().entry.length).toBeGreaterThan(0);
    for (const e of all.json().entry) expect(e.resource.source.site).toBe(a.orgId);
    const targeted = await t.app.inject({
      method: 'GET',
      url: `/fhir/R4/AuditEvent?agent=${(b.users.clinician as TestUser).id}`,
      headers: { cookie: auditor.cookie },
    });
    expect(targeted.json().entry).toEqual([]);
  });
});

describe('row-level security: the database enforces the boundary even when code forgets', () => {
  it('a query with no org filter sees only its own organisation', async () => {
    const tables = ['users', 'user_roles', 'sessions', 'audit_events', 'events', 'privacy_alerts'] as const;
    for (const table of tables) {
      const orgs = await withTenant(
        t.db.database,
        a.orgId,
        async (tx) =>
          (await sql<{ org_id: string }>`SELECT DISTINCT org_id FROM ${sql.table(table)}`.execute(tx)).rows,
      );
      for (const row of orgs) expect(row.org_id, table).toBe(a.orgId);
    }
    // The owner (no tenant) does see both, so the filter above was real.
    const owner = await sql<{ n: number }>`SELECT count(DISTINCT org_id)::int AS n FROM users`.execute(
      t.db.database.db,
    );
    expect(owner.rows[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it('cannot write a row into another organisation', async () => {
    await expect(
      withTenant(t.db.database, a.orgId, (tx) =>
        sql`INSERT INTO privacy_alerts (id, org_id, kind, reason, created_at) VALUES (gen_random_uuid(), ${b.orgId}, 'x', 'planted', now())`.execute(
          tx,
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('cannot update or delete the event log or the audit log at all', async () => {
    await expect(
      withTenant(t.db.database, a.orgId, (tx) => sql`UPDATE audit_events SET action = 'x'`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(t.db.database, a.orgId, (tx) => sql`DELETE FROM events`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
  });

  it('with no organisation set, a tenant transaction sees nothing', async () => {
    const rows = await t.db.database.db.transaction().execute(async (tx) => {
      await sql`SELECT set_config('role', 'lantern_app', true)`.execute(tx);
      return (await sql`SELECT * FROM users`.execute(tx)).rows;
    });
    expect(rows).toEqual([]);
  });
});
