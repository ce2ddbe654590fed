import { PERMISSIONS, ROLES } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';

const clock = new TestClock();
let t: TestApp;
let users: Record<string, TestUser>;
const NO_SUCH_ID = '019ad000-0000-7000-8000-000000000bad';

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  users = (await createOrgWithUsers(t.db.database, 'Roles IUC', [...ROLES])).users;
});
afterAll(async () => t.close());

describe('deny by default', () => {
  it('every registered route declares a known access, and only sign-in, health and documentation are public', () => {
    const routes = t.app.routeAccess;
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes)
      expect(['public', 'mfa-challenge', 'authenticated', ...PERMISSIONS], `${r.method} ${r.url}`).toContain(
        r.access,
      );
    const publicUrls = routes.filter((r) => r.access === 'public' && r.method !== 'HEAD').map((r) => r.url);
    for (const url of publicUrls)
      expect(url, `${url} is public`).toMatch(
        /^\/api\/(health|docs|auth\/login)|^\/fhir\/R4\/metadata$|^\/(\*|assets.*)?$/,
      );
  });

  it('a route without a declaration stops the app from starting', async () => {
    const app = await buildApp(t.app.services, { logger: false });
    expect(() => app.get('/api/oops', async () => ({}))).toThrow(/declares no access/);
    await app.close();
  });

  it('every protected GET refuses a caller without a session', async () => {
    const gets = t.app.routeAccess.filter(
      (r) => r.method === 'GET' && r.access !== 'public' && !r.url.includes('*'),
    );
    expect(gets.length).toBeGreaterThan(3);
    for (const r of gets) {
      const res = await t.app.inject({ method: 'GET', url: r.url.replace(/:(\w+)/g, NO_SUCH_ID) });
      expect(res.statusCode, `${r.url} answered ${res.statusCode} without a session`).toBe(401);
    }
  });

  it('every protected write refuses a caller without a session, whatever the body', async () => {
    const writes = t.app.routeAccess.filter(
      (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.access !== 'public',
    );
    expect(writes.length).toBeGreaterThan(5);
    for (const r of writes) {
      const res = await t.app.inject({
        method: r.method as 'POST',
        url: r.url.replace(/:(\w+)/g, NO_SUCH_ID),
        payload: {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('each role reaches exactly what the matrix allows', async () => {
    const checks = [
      { url: '/api/admin/users', permission: 'user:manage' },
      { url: '/fhir/R4/AuditEvent', permission: 'audit:read' },
      { url: '/api/privacy-alerts', permission: 'privacy-alert:read' },
    ] as const;
    for (const role of ROLES) {
      const s = await signIn(t.app, clock, users[role] as TestUser);
      for (const c of checks) {
        const res = await t.app.inject({ method: 'GET', url: c.url, headers: { cookie: s.cookie } });
        expect(res.statusCode, `${role} ${c.url}`).toBe(s.me.permissions.includes(c.permission) ? 200 : 403);
      }
    }
  });

  it('a denied request is audited as denied', async () => {
    const handler = users['call-handler'] as TestUser;
    const s = await signIn(t.app, clock, handler);
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    const row = await t.db.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('user_id', '=', handler.id)
      .where('action', '=', 'GET /api/admin/users')
      .executeTakeFirst();
    expect(row).toMatchObject({ outcome: 'denied', category: 'authorisation' });
  });

  it('API answers carry security headers and are never cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
