/**
 * A real Lantern server for the browser tests: the whole app over a fresh database (PGlite in
 * a temporary folder, or a new PostgreSQL database when DATABASE_URL is set), listening on a
 * random localhost port. Its clock is real time plus an offset the test can move forward, so
 * a second sign-in by the same person gets a fresh TOTP step and idle timeouts can be reached
 * without waiting.
 */
import type { AddressInfo } from 'node:net';
import type { Role } from '@lantern/core';
import { currentTotp } from '../../packages/server/src/identity/totp.js';
import { createOrgWithUsers, type TestUser } from '../../packages/server/src/testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../../packages/server/src/testing/testApp.js';

export class ShiftableClock {
  offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export interface LanternServer {
  url: string;
  clock: ShiftableClock;
  test: TestApp;
  seed(name: string, roles: Role[]): Promise<Record<string, TestUser>>;
  /** The code an authenticator app would show now for this secret (after moving to a fresh step). */
  freshTotp(secret: string): string;
  close(): Promise<void>;
}

export async function startLanternServer(): Promise<LanternServer> {
  const clock = new ShiftableClock();
  const test = await openTestApp({ now: clock.now });
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (test.app.server.address() as AddressInfo).port;
  // Browsers treat http://localhost as a secure context (Secure cookies, WebAuthn), and the
  // WebAuthn relying party must be the origin the browser sees.
  const url = `http://localhost:${port}`;
  Object.assign(test.app.services.config, { origin: url, rpId: 'localhost' });
  return {
    url,
    clock,
    test,
    seed: async (name, roles) => (await createOrgWithUsers(test.db.database, name, roles)).users,
    freshTotp(secret) {
      clock.advance(31); // each code works once: move to the next 30-second step
      return currentTotp(secret, clock.now().getTime());
    },
    close: () => test.close(),
  };
}
