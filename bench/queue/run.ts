/**
 * The case queue on PostgreSQL: how fast one clinician's top 50 comes back with 100,000 open
 * cases in the database, and how many cases can be opened per second through HTTP.
 *
 *   node --import tsx --conditions lantern-source bench/queue/run.ts \
 *     [--cases 100000] [--orgs 20] [--fetches 3000] [--seconds 10]
 *
 * Setup: a fresh database on $BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 * dropped afterwards. The 100,000 cases are bulk-loaded straight into the `cases` projection (rows
 * built by core's foldCase from realistic event sequences, so `summary` has its real size), not
 * through the event store: loading 600,000 events through group commit would take minutes and
 * measure the append path, which bench/append covers. Mix per organisation: 70% queued, 15%
 * assigned, 10% triaged, 5% open; dispositions drawn from the catalogue; disposition times over
 * the last 12 hours; six queues (one per skillset). Then VACUUM (ANALYZE), as autovacuum would.
 *
 * Queue fetch: GET /api/queue?queue=<skillset>&limit=50 as a clinician of a random organisation,
 * measured twice: the query alone (listQueue in a tenant transaction, as the route runs it) and
 * the whole HTTP request through Fastify inject (session check, tenant transaction, query,
 * JSON, and the hash-chained audit entry committed before the answer).
 * Case open: POST /api/cases over a real socket (fetch, keep-alive) by 1, 8 and 32 concurrent
 * call handlers of one organisation (the worst case: one event chain, one audit chain).
 */

import { cpus, loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import {
  type CaseEventRecord,
  DISPOSITIONS,
  foldCase,
  getDisposition,
  newId,
} from '../../packages/core/src/index.js';
import { buildApp } from '../../packages/server/src/app.js';
import { AuditLog } from '../../packages/server/src/audit/auditLog.js';
import { listQueue } from '../../packages/server/src/cases/caseStore.js';
import { defaultPriority, dispositionSnapshot } from '../../packages/server/src/cases/commands.js';
import { rowOf } from '../../packages/server/src/cases/projection.js';
import { loadConfig } from '../../packages/server/src/config/config.js';
import { EventStore } from '../../packages/server/src/eventlog/eventStore.js';
import { ProjectionRegistry } from '../../packages/server/src/eventlog/projections.js';
import { AuthService } from '../../packages/server/src/identity/authService.js';
import { MESSAGE_TOPICS } from '../../packages/server/src/messaging/topics.js';
import { registerProjections } from '../../packages/server/src/runtime.js';
import { openDatabase } from '../../packages/server/src/storage/database.js';
import { migrate } from '../../packages/server/src/storage/migrate.js';
import { withTenant } from '../../packages/server/src/tenancy/withTenant.js';
import {
  createOrgWithUsers,
  signIn,
  TestClock,
  type TestUser,
} from '../../packages/server/src/testing/identityFixtures.js';
import { fmt, percentile, timedLoops } from '../lib/stats.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(v) ? v : fallback;
};
const CASES = arg('cases', 100_000);
const ORGS = arg('orgs', 20);
const FETCHES = arg('fetches', 3000);
const SECONDS = arg('seconds', 10);
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A small seeded generator so runs load the same data. */
let seed = 7;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const CODES = DISPOSITIONS.filter((d) => d.timeframeMinutes !== null && d.skillset !== 'ambulance').map(
  (d) => d.code,
);
const QUEUES = [
  'primary-care-callback',
  'primary-care-face-to-face',
  'emergency-department',
  'urgent-treatment-centre',
  'dental',
  'pharmacy',
];

function syntheticCase(orgId: string, clinicians: string[], now: number) {
  const caseId = newId();
  const opened = now - Math.floor(rand() * 12 * 3_600_000);
  const at = (ms: number) => new Date(ms).toISOString();
  const events: CaseEventRecord[] = [
    {
      id: newId(),
      type: 'CaseOpened',
      occurredAt: at(opened),
      actor: 'bench',
      data: {
        call: {
          callerName: 'Bench Caller',
          relationshipToPatient: 'self',
          callBackNumber: `07700 900${String(Math.floor(rand() * 1000)).padStart(3, '0')}`,
        },
        location: { postcode: 'M1 3HE', addressLines: ['1 Bench Street', 'Manchester'] },
        arrivedVia: 'phone-111',
        serviceId: 'bench',
        openedBy: 'bench',
      },
    },
    {
      id: newId(),
      type: 'PresentingComplaintRecorded',
      occurredAt: at(opened + 30_000),
      data: { text: 'Headache and fever since yesterday evening, not settling with paracetamol' },
    },
    {
      id: newId(),
      type: 'PatientIdentified',
      occurredAt: at(opened + 60_000),
      data: {
        patientId: newId(),
        verified: false,
        demographics: { givenName: 'Bench', familyName: 'Patient', dateOfBirth: '1970-01-01', sex: 'female' },
      },
    },
  ];
  const r = rand();
  if (r >= 0.05) {
    const d = getDisposition(pick(CODES));
    events.push({
      id: newId(),
      type: 'DispositionReached',
      occurredAt: at(opened + 600_000),
      data: { ...dispositionSnapshot(d), source: 'triage', protocolId: 'bench', protocolVersion: '1.0.0' },
    });
    if (r >= 0.15) {
      events.push({
        id: newId(),
        type: 'CaseQueued',
        occurredAt: at(opened + 620_000),
        data: { queue: pick(QUEUES), priority: defaultPriority(d) },
      });
      if (r >= 0.85)
        events.push({
          id: newId(),
          type: 'CaseAssigned',
          occurredAt: at(opened + 900_000),
          data: { clinicianId: pick(clinicians) },
        });
    }
  }
  const state = foldCase(events, { caseId });
  return rowOf(orgId, state, events.length, at(opened + 900_000));
}

async function main(): Promise<void> {
  const name = `lantern_bench_queue_${Date.now()}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 16 });
  try {
    await migrate(database);
    const clock = new TestClock(Date.now());
    const projections = new ProjectionRegistry();
    registerProjections(projections);
    const config = { ...loadConfig({}), logLevel: 'warn' };
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

    // Organisations, each with a clinician (for the queue) and call handlers (for opening).
    console.log(`Loading ${fmt(CASES)} open cases across ${ORGS} organisations into the cases projection...`);
    const orgs: { orgId: string; clinician: TestUser }[] = [];
    for (let o = 0; o < ORGS; o++) {
      const { orgId, users } = await createOrgWithUsers(database, `Bench ${o}`, ['clinician']);
      orgs.push({ orgId, clinician: users.clinician as TestUser });
    }
    const loadStart = performance.now();
    const now = Date.now();
    const CHUNK = 1000;
    for (let done = 0; done < CASES; done += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, CASES - done) }, (_, i) => {
        const org = orgs[(done + i) % ORGS] as (typeof orgs)[number];
        return syntheticCase(org.orgId, [org.clinician.id], now);
      });
      await database.db.insertInto('cases').values(rows).execute();
    }
    // As autovacuum would have by now: statistics, and the visibility map for index-only scans.
    await sql`VACUUM (ANALYZE) cases`.execute(database.db);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const counts = await sql<{
      status: string;
      n: number;
    }>`SELECT status, count(*)::int AS n FROM cases GROUP BY status ORDER BY status`.execute(database.db);
    console.log(
      `Loaded in ${fmt(loadSeconds, 1)} s: ${counts.rows.map((r) => `${r.status} ${fmt(r.n)}`).join(', ')}`,
    );

    const sample = orgs[0] as (typeof orgs)[number];
    const plan = await withTenant(database, sample.orgId, (tx) =>
      sql<{
        'QUERY PLAN': string;
      }>`EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM cases WHERE org_id = ${sample.orgId} AND queue = 'primary-care-callback' AND status = 'queued' ORDER BY breach_at ASC NULLS LAST, priority, opened_at, id LIMIT 50`.execute(
        tx,
      ),
    );
    console.log('\nPlan of the queue query:');
    for (const r of plan.rows) console.log(`  ${r['QUERY PLAN']}`);

    // The floor on this machine: one round trip, and the queue query alone (one round trip, as owner).
    const floor = async (op: () => Promise<unknown>) => {
      const out: number[] = [];
      for (let i = 0; i < FETCHES + 200; i++) {
        const t0 = performance.now();
        await op();
        if (i >= 200) out.push(performance.now() - t0);
      }
      return out.sort((a, b) => a - b);
    };
    const row = (label: string, xs: number[]) =>
      `| ${label} | ${fmt(percentile(xs, 50), 2)} | ${fmt(percentile(xs, 99), 2)} | ${fmt(xs.at(-1) ?? 0, 2)} |`;
    const roundTrip = await floor(() => sql`SELECT 1`.execute(database.db));
    const bare = await floor(() => {
      const org = pick(orgs);
      return listQueue(database.db as never, org.orgId, {
        queue: pick(QUEUES),
        statuses: ['queued'],
        limit: 50,
      });
    });

    // The query as the route runs it.
    const times: number[] = [];
    for (let i = 0; i < FETCHES + 200; i++) {
      const org = pick(orgs);
      const queue = pick(QUEUES);
      const t0 = performance.now();
      const rows = await withTenant(database, org.orgId, (tx) =>
        listQueue(tx, org.orgId, { queue, statuses: ['queued'], limit: 50 }),
      );
      if (i >= 200) times.push(performance.now() - t0);
      if (rows.length === 0) throw new Error('empty queue: the load went wrong');
    }
    times.sort((a, b) => a - b);

    // The whole HTTP request, one signed-in clinician per organisation.
    const sessions = new Map<string, string>();
    for (const org of orgs) sessions.set(org.orgId, (await signIn(app, clock, org.clinician)).cookie);
    const httpTimes: number[] = [];
    for (let i = 0; i < FETCHES + 200; i++) {
      const org = pick(orgs);
      const t0 = performance.now();
      const res = await app.inject({
        method: 'GET',
        url: `/api/queue?queue=${pick(QUEUES)}&limit=50`,
        headers: { cookie: sessions.get(org.orgId) as string },
      });
      if (i >= 200) httpTimes.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`queue fetch failed: ${res.statusCode} ${res.body}`);
    }
    httpTimes.sort((a, b) => a - b);

    // Case opening over a real socket.
    const { users } = await createOrgWithUsers(database, 'Bench callers', ['call-handler']);
    const handler = await signIn(app, clock, users['call-handler'] as TestUser);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    // Each call from its own number, as real calls are (one shared number would make every call
    // a repeat caller and measure the repeat-caller lookup instead).
    let caller = 0;
    const body = () =>
      JSON.stringify({
        call: {
          callerName: 'Bench Caller',
          relationshipToPatient: 'self',
          callBackNumber: `0771${String(1_000_000 + caller++).padStart(7, '0')}`,
        },
        location: { postcode: 'M1 3HE' },
        arrivedVia: 'phone-111',
        serviceId: 'bench',
        presentingComplaint: 'Chest pain on exertion, settles with rest',
      });
    const open = async () => {
      const res = await fetch(`${base}/api/cases`, {
        method: 'POST',
        headers: { cookie: handler.cookie, 'x-csrf-token': handler.csrf, 'content-type': 'application/json' },
        body: body(),
      });
      if (res.status !== 201) throw new Error(`open failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const opens = [];
    for (const writers of [1, 8, 32]) {
      const cpu0 = process.cpuUsage();
      const result = await timedLoops(writers, SECONDS, open);
      const cpu = process.cpuUsage(cpu0);
      opens.push({ writers, result, cpuMsPerOpen: (cpu.user + cpu.system) / 1000 / result.ops });
    }
    await app.close();

    console.log(
      `\nHost load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
    );
    console.log(
      `\nQueue fetch, top 50 of one queue, ${fmt(FETCHES)} fetches after 200 warm-up, random organisation and queue`,
    );
    console.log('| measure | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|');
    console.log(row('one round trip (SELECT 1), for scale', roundTrip));
    console.log(row('queue query alone (one statement)', bare));
    console.log(row('query as the route runs it (listQueue in a tenant transaction)', times));
    console.log(row('HTTP GET /api/queue (inject: session, query, JSON, audit)', httpTimes));
    console.log(
      `\nCase open through HTTP (POST /api/cases, real socket), ${SECONDS} s per row, one organisation`,
    );
    console.log('| concurrent callers | cases/s | p50 ms | p99 ms | server (Node) CPU ms per case |');
    console.log('|---:|---:|---:|---:|---:|');
    for (const o of opens)
      console.log(
        `| ${o.writers} | ${fmt(o.result.perSecond)} | ${fmt(o.result.p50ms, 2)} | ${fmt(o.result.p99ms, 2)} | ${fmt(o.cpuMsPerOpen, 2)} |`,
      );
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
