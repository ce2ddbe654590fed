import { validateProtocol } from '@lantern/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUsers, signIn, TestClock } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';

let t: TestApp;
const clock = new TestClock();
beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
});
afterAll(async () => t.close());

describe('GET /api/triage/protocols', () => {
  it('gives a call handler the sieve and every complaint protocol, each valid for the engine', async () => {
    const { users } = await createOrgWithUsers(t.db.database, 'Protocol Org', ['call-handler', 'auditor']);
    const handler = await signIn(t.app, clock, users['call-handler']!);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/triage/protocols',
      headers: { cookie: handler.cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { sieve: unknown; protocols: unknown[] };
    expect(validateProtocol(body.sieve).kind).toBe('sieve');
    const ids = body.protocols.map((p) => validateProtocol(p).id);
    expect(ids).toContain('chest-pain');

    const auditor = await signIn(t.app, clock, users.auditor!);
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/triage/protocols',
      headers: { cookie: auditor.cookie },
    });
    expect(denied.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/triage/protocols' })).statusCode).toBe(401);
  });
});
