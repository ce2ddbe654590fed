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
let handler: TestUser;
let admin: TestUser;

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const org = await createOrgWithUsers(t.db.database, 'Story IUC', ['call-handler', 'org-admin']);
  handler = org.users['call-handler'] as TestUser;
  admin = org.users['org-admin'] as TestUser;
});
afterAll(async () => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('story: a new call handler enrols a second factor, and from then on sign-in demands it', () => {
  let secret = '';
  let recovery: string[] = [];

  it('the password alone gives no session: only the MFA step', async () => {
    const res = await login(handler.username, handler.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ next: 'enrol', methods: ['totp', 'webauthn'] });
    const cookies = cookiesOf(res);
    expect(Object.keys(cookies)).toEqual(['lantern_mfa']);
    const mfaCookie = res.cookies.find((c) => c.name === 'lantern_mfa');
    expect(mfaCookie).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/api/auth/mfa',
    });
    // The challenge cookie opens nothing but the MFA routes.
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: cookieHeader(cookies) },
    });
    expect(me.statusCode).toBe(401);
  });

  it('enrol, wrong code refused, right code gives a session and ten one-time recovery codes', async () => {
    const res = await login(handler.username, handler.password);
    const challenge = cookieHeader(cookiesOf(res));
    const enrol = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/enrol',
      headers: { cookie: challenge },
    });
    expect(enrol.statusCode).toBe(200);
    secret = enrol.json().secret;
    expect(enrol.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/Lantern:/);
    expect(enrol.json().qrSvg).toMatch(/^<svg/);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/verify',
      headers: { cookie: challenge },
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('E_UNAUTHENTICATED');

    clock.advance(31);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/verify',
      headers: { cookie: challenge },
      payload: { code: currentTotp(secret, clock.ms) },
    });
    expect(right.statusCode).toBe(200);
    const session = right.cookies.find((c) => c.name === 'lantern_session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    recovery = right.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(right.json()).toMatchObject({
      roles: ['call-handler'],
      permissions: expect.arrayContaining(['case:create', 'triage:run']),
    });

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: cookieHeader(cookiesOf(right)) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe(handler.username);
  });

  it('re-enrolment is refused once a factor exists; sign-in now demands verification', async () => {
    const res = await login(handler.username, handler.password);
    expect(res.json()).toEqual({ next: 'verify', methods: ['totp', 'recovery-code'] });
    const challenge = cookieHeader(cookiesOf(res));
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/enrol',
      headers: { cookie: challenge },
    });
    expect(again.statusCode).toBe(403);
  });

  it('a TOTP code works once: replaying it is refused', async () => {
    clock.advance(31);
    const code = currentTotp(secret, clock.ms);
    const first = cookieHeader(cookiesOf(await login(handler.username, handler.password)));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/totp/verify',
          headers: { cookie: first },
          payload: { code },
        })
      ).statusCode,
    ).toBe(200);
    const second = cookieHeader(cookiesOf(await login(handler.username, handler.password)));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/totp/verify',
          headers: { cookie: second },
          payload: { code },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('a recovery code signs in once and never again', async () => {
    const code = recovery[0] as string;
    const a = cookieHeader(cookiesOf(await login(handler.username, handler.password)));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/recovery',
          headers: { cookie: a },
          payload: { code: code.toUpperCase() },
        })
      ).statusCode,
    ).toBe(200);
    const b = cookieHeader(cookiesOf(await login(handler.username, handler.password)));
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/mfa/recovery',
          headers: { cookie: b },
          payload: { code },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('logout needs the CSRF token, then ends the session', async () => {
    const s = await signIn(t.app, clock, handler, secret);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().detail).toMatch(/CSRF/);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(401);
  });

  it('a session token in the URL or an Authorization header is never accepted', async () => {
    const s = await signIn(t.app, clock, handler, secret);
    const token = s.cookie.match(/lantern_session=([^;]+)/)?.[1];
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/auth/me?lantern_session=${token}` })).statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('sessions end after 15 idle minutes and after 12 hours whatever happens', async () => {
    const s = await signIn(t.app, clock, handler, secret);
    clock.advance(14 * 60);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode,
    ).toBe(200);
    clock.advance(16 * 60);
    const idle = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().detail).toMatch(/session has ended/);

    const busy = await signIn(t.app, clock, handler, secret);
    // Active every 14 minutes, so the idle timeout never fires; only the 12-hour limit can.
    for (let i = 1; i <= 60; i++) {
      clock.advance(14 * 60);
      const r = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: busy.cookie } });
      if (r.statusCode !== 200) {
        expect(i * 14).toBeGreaterThanOrEqual(12 * 60);
        expect((i - 1) * 14).toBeLessThan(12 * 60);
        return;
      }
    }
    throw new Error('the session outlived its 12-hour absolute lifetime');
  });

  it('an admin can end all of a user’s sessions at once', async () => {
    const user = await signIn(t.app, clock, handler, secret);
    const adminSession = await signIn(t.app, clock, admin);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${handler.id}/revoke-sessions`,
      headers: { cookie: adminSession.cookie, 'x-csrf-token': adminSession.csrf },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBeGreaterThanOrEqual(1);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: user.cookie } }))
        .statusCode,
    ).toBe(401);
  });
});
