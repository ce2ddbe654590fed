/** Helpers for stories that sign in through the real HTTP routes. */
import { newId, type Role } from '@lantern/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { currentTotp } from '../identity/totp.js';
import { createUser } from '../identity/users.js';
import { createOrganisation } from '../organisations/store.js';
import type { Database } from '../storage/database.js';

/** A clock the test moves by hand (sessions, lockouts and TOTP steps all read it). */
export class TestClock {
  constructor(public ms = Date.parse('2026-11-29T09:00:00Z')) {}
  now = () => new Date(this.ms);
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface TestUser {
  id: string;
  orgId: string;
  username: string;
  password: string;
  roles: Role[];
}

export async function createOrgWithUsers(
  database: Database,
  name: string,
  roles: Role[],
): Promise<{ orgId: string; users: Record<string, TestUser> }> {
  const orgId = newId();
  await createOrganisation(database, { id: orgId, name, odsCode: null });
  const users: Record<string, TestUser> = {};
  for (const role of roles) {
    const username = `${role}.${orgId.slice(-6)}@test.lantern`;
    const password = `correct horse ${role} staple`;
    const u = await createUser(database, {
      orgId,
      username,
      displayName: `${role} of ${name}`,
      password,
      roles: [role],
    });
    users[role] = { id: u.id, orgId, username, password, roles: [role] };
  }
  return { orgId, users };
}

export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies) out[c.name] = c.value;
  return out;
}

export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  totpSecret: string;
  recoveryCodes: string[];
  me: { roles: string[]; permissions: string[]; organisation: { id: string } };
}

const enrolledSecrets = new Map<string, string>();
let nextAddress = 1;

/**
 * Password, TOTP enrolment (first time) or verification, and the session, as a browser would.
 * Each sign-in comes from its own address, as colleagues' workstations do, so ordinary stories
 * never meet the per-address rate limit (which is tested on its own).
 */
export async function signIn(
  app: FastifyInstance,
  clock: TestClock,
  user: TestUser,
  totpSecret?: string,
): Promise<SignedIn> {
  const remoteAddress = `10.1.${Math.floor(nextAddress / 250) % 250}.${(nextAddress % 250) + 1}`;
  nextAddress += 1;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: user.username, password: user.password },
    remoteAddress,
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  const challenge = cookieHeader(cookiesOf(login));
  let secret = totpSecret ?? enrolledSecrets.get(user.username);
  if (login.json().next === 'enrol') {
    const enrol = await app.inject({
      method: 'POST',
      url: '/api/auth/mfa/totp/enrol',
      headers: { cookie: challenge },
      remoteAddress,
    });
    secret = enrol.json().secret as string;
  }
  if (!secret) throw new Error('no TOTP secret for a user who is already enrolled');
  clock.advance(31); // a fresh 30-second step: each code works once
  const verify = await app.inject({
    method: 'POST',
    url: '/api/auth/mfa/totp/verify',
    headers: { cookie: challenge },
    payload: { code: currentTotp(secret, clock.ms) },
    remoteAddress,
  });
  if (verify.statusCode !== 200) throw new Error(`verify failed: ${verify.statusCode} ${verify.body}`);
  enrolledSecrets.set(user.username, secret);
  const body = verify.json();
  return {
    cookie: cookieHeader(cookiesOf(verify)),
    csrf: body.csrfToken,
    totpSecret: secret,
    recoveryCodes: body.recoveryCodes ?? [],
    me: body,
  };
}
