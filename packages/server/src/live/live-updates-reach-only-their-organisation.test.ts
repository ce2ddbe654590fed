import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { AuditLog } from '../audit/auditLog.js';
import { type Caller, callerFor, openCase } from '../cases/caseTestKit.js';
import { loadConfig } from '../config/config.js';
import { EventStore } from '../eventlog/eventStore.js';
import { ProjectionRegistry } from '../eventlog/projections.js';
import { AuthService } from '../identity/authService.js';
import { MESSAGE_TOPICS } from '../messaging/topics.js';
import { registerProjections } from '../runtime.js';
import { type Database, openDatabase } from '../storage/database.js';
import {
  createOrgWithUsers,
  type SignedIn,
  signIn,
  TestClock,
  type TestUser,
} from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { onPostgres } from '../testing/testDatabase.js';
import { LiveHub } from './liveHub.js';
import { connectSse, type SseClient } from './sseClient.js';

const clock = new TestClock(Date.now());
let t: TestApp;
let baseA = '';
let aHandler: SignedIn;
let aAdmin: SignedIn;
let bGp: SignedIn;
let api: Caller;
const open: SseClient[] = [];

async function stream(base: string, who: SignedIn): Promise<SseClient> {
  const client = await connectSse(base, who.cookie);
  open.push(client);
  expect(client.status).toBe(200);
  await client.waitFor((e) => e.event === 'hello');
  return client;
}

beforeAll(async () => {
  t = await openTestApp({ now: clock.now });
  const a = await createOrgWithUsers(t.db.database, 'Live North', ['call-handler', 'org-admin']);
  const b = await createOrgWithUsers(t.db.database, 'Live South', ['clinician']);
  aHandler = await signIn(t.app, clock, a.users['call-handler'] as TestUser);
  aAdmin = await signIn(t.app, clock, a.users['org-admin'] as TestUser);
  bGp = await signIn(t.app, clock, b.users.clinician as TestUser);
  api = callerFor(t.app, aHandler);
  baseA = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const c of open) c.close();
  await t.close();
});

describe(`live updates (${onPostgres ? 'PostgreSQL' : 'PGlite'}, one process)`, () => {
  it('a committed change reaches the organisation’s streams within a second; other organisations hear nothing', async () => {
    const mine = await stream(baseA, aHandler);
    const theirs = await stream(baseA, bGp);
    const admin = await stream(baseA, aAdmin);
    const t0 = Date.now();
    const caseId = await openCase(api);
    const change = await mine.waitFor(
      (e) => e.event === 'case' && (e.data as { caseId: string }).caseId === caseId,
      1000,
    );
    expect(change.receivedAt - t0).toBeLessThan(1000);
    expect(change.data).toMatchObject({ caseId, status: 'open', version: 1, events: ['CaseOpened'] });
    // No patient details travel on the stream: the console reads the case (an audited read).
    expect(JSON.stringify(change.data)).not.toContain('Amara');
    await new Promise((r) => setTimeout(r, 500));
    expect(theirs.events.filter((e) => e.event === 'case')).toEqual([]);
    // An organisation admin has no case permissions: heartbeats, no case changes.
    expect(admin.events.filter((e) => e.event === 'case')).toEqual([]);
  });

  it('streams are not for the signed-out, and are cleaned up when the client goes', async () => {
    for (const c of open.splice(0)) c.close();
    await new Promise((r) => setTimeout(r, 100));
    const anonymous = await connectSse(baseA, '');
    expect(anonymous.status).toBe(401);
    const five = await Promise.all(Array.from({ length: 5 }, () => stream(baseA, bGp)));
    const sixth = await connectSse(baseA, bGp.cookie);
    expect(sixth.status).toBe(429);
    for (const c of five) c.close();
    await new Promise((r) => setTimeout(r, 200));
    const again = await stream(baseA, bGp);
    expect(again.status).toBe(200);
  });

  it('the server closing ends every stream with a goodbye', async () => {
    const extra = await openTestApp({ now: clock.now });
    const org = await createOrgWithUsers(extra.db.database, 'Closing', ['clinician']);
    const who = await signIn(extra.app, clock, org.users.clinician as TestUser);
    const base = await extra.app.listen({ port: 0, host: '127.0.0.1' });
    const client = await stream(base, who);
    await extra.close();
    await client.closed;
    expect(client.events.at(-1)).toMatchObject({ event: 'bye', data: { reason: 'server-closing' } });
  });
});

describe('the hub ends streams whose session has ended', () => {
  it('an unknown or revoked session is cut off at the next check', async () => {
    const hub = new LiveHub(t.db.database, { sessionCheckMs: 100, heartbeatMs: 50 });
    await hub.start();
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (c: Buffer) => {
      text += c.toString();
    });
    hub.subscribe({ orgId: 'o', userId: 'u', sessionHash: 'no-such-session', canReadCases: true, stream });
    await new Promise((r) => stream.once('finish', r));
    expect(text).toContain(': heartbeat');
    expect(text).toContain('"reason":"session-ended"');
    await hub.stop();
  });
});

describe.skipIf(!onPostgres)('live updates across server processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let second: { app: FastifyInstance; database: Database };

  beforeAll(async () => {
    const database = await openDatabase({ databaseUrl: t.db.config.databaseUrl, poolSize: 4 });
    const projections = new ProjectionRegistry();
    registerProjections(projections);
    const config = loadConfig({});
    const audit = new AuditLog(database);
    const auth = new AuthService(database, audit, config, clock.now);
    const app = await buildApp(
      {
        config,
        database,
        eventStore: new EventStore(database, projections),
        projections,
        audit,
        auth,
        messaging: { topics: MESSAGE_TOPICS },
      },
      { logger: false },
    );
    await app.ready();
    second = { app, database };
  });
  afterAll(async () => {
    await second.app.close();
    await second.database.close();
  });

  it('a change committed through instance A reaches an SSE client of instance B within a second', async () => {
    const baseB = await second.app.listen({ port: 0, host: '127.0.0.1' });
    const onB = await stream(baseB, aHandler);
    const otherOrgOnB = await stream(baseB, bGp);
    const t0 = Date.now();
    const caseId = await openCase(api); // through instance A
    const change = await onB.waitFor(
      (e) => e.event === 'case' && (e.data as { caseId: string }).caseId === caseId,
      1000,
    );
    expect(change.receivedAt - t0).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 300));
    expect(otherOrgOnB.events.filter((e) => e.event === 'case')).toEqual([]);
  });
});
