import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieHeader,
  cookiesOf,
  createOrgWithUsers,
  signIn,
  TestClock,
  type TestUser,
} from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { currentTotp } from './totp.js';

const clock = new TestClock();
let t: TestApp;
let victim: TestUser;
let admin: TestUser;
let auditor: TestUser;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Lockout IUC', ['clinician', 'org-admin', 'auditor']);
  victim = org.users.clinician as TestUser;
  admin = org.users['org-admin'] as TestUser;
  auditor = org.users.auditor as TestUser;
});
afterAll(async () => t.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });

describe('sign-in failures', () => {
  it('say the same thing whether or not the user exists', async () => {
    const unknown = await login('nobody@nowhere.test', 'whatever it is here');
    const wrong = await login(auditor.username, 'not the right password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('5 consecutive failures lock the account: the right password then fails too', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login(victim.username, `wrong password ${i}`, '10.2.0.1')).statusCode).toBe(401);
    const locked = await login(victim.username, victim.password, '10.2.0.1');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().detail).not.toMatch(/locked/i); // nothing for an attacker to learn
  });

  it('the lockout raises a privacy alert, and an admin can unlock', async () => {
    const officer = await signIn(t.app, clock, auditor);
    const alerts = await t.app.inject({
      method: 'GET',
      url: '/api/privacy-alerts',
      headers: { cookie: officer.cookie },
    });
    expect(alerts.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'account-locked', userId: victim.id })]),
    );

    const a = await signIn(t.app, clock, admin);
    const unlock = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${victim.id}/unlock`,
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    expect((await login(victim.username, victim.password, '10.3.0.1')).statusCode).toBe(200);
  });

  it('a lock also ends by itself after the lockout period', async () => {
    for (let i = 0; i < 5; i++) await login(victim.username, `wrong again ${i}`, '10.4.0.1');
    expect((await login(victim.username, victim.password, '10.4.0.1')).statusCode).toBe(401);
    clock.advance(16 * 60);
    expect((await login(victim.username, victim.password, '10.4.0.2')).statusCode).toBe(200);
  });

  it('wrong second-factor codes count toward the lockout too', async () => {
    const s = await signIn(t.app, clock, victim); // enrols
    const wrongCode = currentTotp(s.totpSecret, clock.ms) === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      const res = await login(victim.username, victim.password, '10.9.0.1');
      const c = cookieHeader(cookiesOf(res));
      const v = await t.app.inject({
        method: 'POST',
        url: '/api/auth/mfa/totp/verify',
        headers: { cookie: c },
        payload: { code: wrongCode },
        remoteAddress: '10.9.0.1',
      });
      expect(v.statusCode).toBe(401);
    }
    expect((await login(victim.username, victim.password, '10.9.0.2')).statusCode).toBe(401);
  });

  it('one address is rate limited on the sign-in routes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await login('flood@nowhere.test', 'password guess', '203.0.113.9')).statusCode);
    expect(statuses).toContain(429);
    const limited = await login('flood@nowhere.test', 'password guess', '203.0.113.9');
    expect(limited.json().code).toBe('E_RATE_LIMITED');
    // Another address is not affected.
    expect((await login('flood@nowhere.test', 'password guess', '203.0.113.10')).statusCode).toBe(401);
  });
});
