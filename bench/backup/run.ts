/**
 * Backup and restore throughput on PostgreSQL, against PostgreSQL's own COPY of the same rows,
 * measured in the same run on the same machine.
 *
 *   node --import tsx --conditions lantern-source bench/backup/run.ts --events 1000000 [--orgs 10]
 *
 * Needs `psql` on the PATH (the COPY baseline and the fast load go through it). A fresh source and
 * a fresh target database are created on $BENCH_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres) and dropped afterwards.
 *
 * 1. Load: N events in `--orgs` organisations, each chain valid (hashes computed here exactly as
 *    the event store computes them), streamed into `COPY events FROM STDIN`. A ~600-byte,
 *    triage-like payload per event. The stream type is one no projection consumes, so the
 *    rebuild step measures reading the log, not a capability's projection code.
 * 2. Lantern: `takeBackup` (snapshot, chunk, brotli, AES-256-GCM, sign), then verification of
 *    the backup, then a full restore into the empty target (verify, load, rebuild projections,
 *    verify the restored chains), each phase timed.
 * 3. Raw: `COPY events TO STDOUT` (to a file) and `COPY ... FROM STDIN` of that file into a table
 *    shaped like events with the same indexes, through psql.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { computeEventHash, GENESIS_HASH, newId } from '@lantern/core';
import { createOrganisation, migrate, openDatabase, ProjectionRegistry } from '@lantern/server';
import pg from 'pg';
import { resolveBackupSet } from '../../packages/server/src/continuity/backup/manifest.js';
import { takeBackup } from '../../packages/server/src/continuity/backup/takeBackup.js';
import { verifyBackupSet } from '../../packages/server/src/continuity/backup/verifyBackup.js';
import {
  prepareRestore,
  type RestorePhase,
  restoreInto,
} from '../../packages/server/src/continuity/restore/restoreBackup.js';
import { nodeSha256Hex } from '../../packages/server/src/crypto/sha256.js';
import { registerProjections } from '../../packages/server/src/runtime.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const EVENTS = Number(arg('events', '1000000'));
const ORGS = Number(arg('orgs', '10'));
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PASSPHRASE = 'benchmark passphrase: not for real backups';

const dbUrl = (name: string) => {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: BASE_URL });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

/** Runs psql with one command; stdin/stdout optionally wired to files or a writer. */
function psql(
  url: string,
  command: string,
  io: { stdinFile?: string; stdoutFile?: string } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', command], {
      stdio: ['pipe', io.stdoutFile ? 'pipe' : 'inherit', 'inherit'],
    });
    const stdin = child.stdin as NodeJS.WritableStream;
    if (!io.stdinFile) stdin.end();
    const done = Promise.all([
      io.stdinFile ? pipeline(createReadStream(io.stdinFile), stdin) : Promise.resolve(),
      io.stdoutFile && child.stdout
        ? pipeline(child.stdout, createWriteStream(io.stdoutFile))
        : Promise.resolve(),
    ]);
    child.on('error', reject);
    child.on('close', (code) =>
      done.then(
        () => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}: ${command}`))),
        reject,
      ),
    );
  });
}

const csv = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

/** Valid chains, streamed into COPY events FROM STDIN. */
async function loadEvents(url: string, orgs: string[]): Promise<void> {
  const child = spawn(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', 'COPY events FROM STDIN WITH (FORMAT csv)'],
    {
      stdio: ['pipe', 'inherit', 'inherit'],
    },
  );
  const closed = new Promise<void>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`COPY load failed (${code})`)))),
  );
  const write = (s: string) =>
    child.stdin.write(s) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once('drain', () => r()));
  const perOrg = Math.ceil(EVENTS / orgs.length);
  const start = Date.parse('2026-03-02T08:00:00.000Z');
  let written = 0;
  const heads = new Map<string, { seq: number; hash: string }>();
  for (const [o, orgId] of orgs.entries()) {
    let prev = GENESIS_HASH;
    let streamId = newId();
    let version = 0;
    const n = Math.min(perOrg, EVENTS - written);
    let batch = '';
    for (let seq = 1; seq <= n; seq++) {
      if (version === 8) {
        streamId = newId();
        version = 0;
      }
      version += 1;
      const at = new Date(start + (o + seq * orgs.length) * 40).toISOString();
      const data = {
        protocol: { id: 'chest-pain', version: '1.4.0' },
        questionId: `cp-q${seq % 17}`,
        answer: seq % 3 === 0 ? 'yes' : 'no',
        observations: {
          respiratoryRate: 12 + (seq % 14),
          spo2: 90 + (seq % 10),
          pulse: 60 + (seq % 60),
          temperature: 36.4,
        },
        notes: `Caller reports central chest tightness for ${seq % 90} minutes, radiating to left arm, sweaty.`,
        disposition:
          seq % 8 === 0 ? { code: 'Dx012', timeframeMinutes: 720, skillset: 'emergency-department' } : null,
      };
      const dataJson = JSON.stringify(data);
      const event = {
        orgId,
        seq,
        id: newId(),
        streamType: 'observation',
        streamId,
        streamVersion: version,
        type: 'ObservationsRecorded',
        data,
        actor: `user-${seq % 40}`,
        deviceId: null,
        occurredAt: at,
        recordedAt: at,
        prevHash: prev,
      };
      // canonical data JSON: keys are already in insertion order; computeEventHash canonicalises.
      const hash = computeEventHash(prev, event, undefined, nodeSha256Hex);
      batch += `${[orgId, String(seq), event.id, 'observation', streamId, String(version), event.type, csv(dataJson), csv(event.actor), '', at, at, prev, hash].join(',')}\n`;
      prev = hash;
      if (batch.length > 1 << 20) {
        await write(batch);
        batch = '';
      }
    }
    await write(batch);
    written += n;
    heads.set(orgId, { seq: n, hash: prev });
    process.stderr.write(`  loaded ${written}/${EVENTS}\n`);
  }
  child.stdin.end();
  await closed;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (const [orgId, h] of heads)
    await c.query('UPDATE event_chain_heads SET seq = $2, hash = $3 WHERE org_id = $1', [
      orgId,
      h.seq,
      h.hash,
    ]);
  await c.query('ANALYZE events');
  await c.end();
}

interface Mark {
  wall: number;
  /** This process's CPU time (user + system), microseconds. */
  cpu: number;
}
interface Step {
  label: string;
  wall: number;
  cpu: number;
  mb?: number;
}
const now = (): Mark => {
  const c = process.cpuUsage();
  return { wall: performance.now(), cpu: c.user + c.system };
};
const since = (m: Mark): { wall: number; cpu: number } => {
  const n = now();
  return { wall: (n.wall - m.wall) / 1000, cpu: (n.cpu - m.cpu) / 1e6 };
};
const loadAverage = async () =>
  (await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const srcName = `lantern_bench_backup_src_${suffix}`;
  const dstName = `lantern_bench_backup_dst_${suffix}`;
  const work = mkdtempSync(join(tmpdir(), 'lantern-bench-backup-'));
  await admin(`CREATE DATABASE ${srcName}`);
  await admin(`CREATE DATABASE ${dstName}`);
  const steps: Step[] = [];
  try {
    const source = await openDatabase({ databaseUrl: dbUrl(srcName), poolSize: 4 });
    await migrate(source);
    const orgs = Array.from({ length: ORGS }, () => newId());
    for (const [i, id] of orgs.entries())
      await createOrganisation(source, { id, name: `Bench org ${i}`, odsCode: null });
    console.log(`Loading ${fmt(EVENTS)} events in ${ORGS} chains ...`);
    const loadMark = now();
    await loadEvents(dbUrl(srcName), orgs);
    const loadS = since(loadMark).wall;
    const size = await source.db
      .selectNoFrom((eb) =>
        eb.fn<string>('pg_size_pretty', [eb.fn('pg_total_relation_size', [eb.val('events')])]).as('s'),
      )
      .executeTakeFirstOrThrow();
    console.log(`  loaded in ${fmt(loadS, 1)} s (events table with indexes: ${size.s})`);

    const projections = new ProjectionRegistry();
    registerProjections(projections);
    const repository = join(work, 'backups');

    console.log('Lantern backup ...');
    let mark = now();
    const backup = await takeBackup(source, projections, { repository, passphrase: PASSPHRASE });
    await source.close();
    const rawMB = backup.rawBytes / 1e6;
    steps.push({ label: 'Lantern backup (snapshot, brotli, AES-GCM, sign)', ...since(mark), mb: rawMB });

    console.log('Lantern verify --backup ...');
    mark = now();
    const verified = await verifyBackupSet(resolveBackupSet(backup.dir), { passphrase: PASSPHRASE });
    steps.push({ label: 'Lantern verify --backup (decrypt, every hash)', ...since(mark), mb: rawMB });
    if (!verified.ok)
      throw new Error(`backup did not verify: ${verified.problems.map((p) => p.message).join('; ')}`);

    console.log('Lantern restore ...');
    const restoreStart = now();
    const phases: { phase: string; at: Mark }[] = [];
    const onPhase = (phase: RestorePhase) => {
      phases.push({ phase, at: now() });
      console.log(`  phase ${phase} at ${fmt(since(restoreStart).wall, 1)} s`);
    };
    const prepared = await prepareRestore(backup.dir, { passphrase: PASSPHRASE, onPhase });
    const target = await openDatabase({ databaseUrl: dbUrl(dstName), poolSize: 4 });
    const report = await restoreInto(target, projections, prepared, { onPhase });
    phases.push({ phase: 'done', at: now() });
    await target.close();
    if (report.counts.events !== EVENTS)
      throw new Error(`restored ${report.counts.events} events, not ${EVENTS}`);
    const names: Record<string, string> = {
      verify: '  of which: verify the backup first',
      load: '  of which: load (INSERT ... json_populate_recordset)',
      rebuild: '  of which: rebuild projections (read the log)',
      check: '  of which: verify every restored chain',
    };
    steps.push({ label: 'Lantern restore, total', ...since(restoreStart), mb: rawMB });
    for (const [k, p] of phases.entries()) {
      const next = phases[k + 1];
      if (next)
        steps.push({
          label: names[p.phase] ?? p.phase,
          wall: (next.at.wall - p.at.wall) / 1000,
          cpu: (next.at.cpu - p.at.cpu) / 1e6,
          ...(p.phase === 'load' ? { mb: rawMB } : {}),
        });
    }

    console.log('Raw COPY baseline ...');
    const dump = join(work, 'events.copy');
    mark = now();
    await psql(dbUrl(srcName), 'COPY events TO STDOUT', { stdoutFile: dump });
    const copyMB = statSync(dump).size / 1e6;
    steps.push({ label: 'PostgreSQL COPY events TO STDOUT (psql, to a file)', ...since(mark), mb: copyMB });
    await psql(dbUrl(dstName), 'CREATE TABLE events_raw (LIKE events INCLUDING ALL)');
    mark = now();
    await psql(dbUrl(dstName), 'COPY events_raw FROM STDIN', { stdinFile: dump });
    steps.push({ label: 'PostgreSQL COPY ... FROM STDIN (psql, same indexes)', ...since(mark), mb: copyMB });

    const load = await loadAverage();
    console.log(
      `\n${fmt(EVENTS)} events in ${ORGS} chains; rows as JSON ${fmt(rawMB, 1)} MB -> backup ${fmt(backup.bytes / 1e6, 1)} MB on disk (${backup.manifest.chunks.length} chunks); COPY text ${fmt(copyMB, 1)} MB. Load average at the end: ${load}.\n`,
    );
    console.log('| step | seconds | events/s | MB/s | Node CPU s |');
    console.log('|---|---:|---:|---:|---:|');
    for (const st of steps)
      console.log(
        `| ${st.label} | ${fmt(st.wall, 1)} | ${fmt(EVENTS / st.wall)} | ${st.mb ? fmt(st.mb / st.wall, 1) : ''} | ${fmt(st.cpu, 1)} |`,
      );
    const wall = (label: string) => steps.find((x) => x.label.startsWith(label))?.wall ?? Number.NaN;
    console.log(
      `\nRatios (time): backup / COPY TO = ${fmt(wall('Lantern backup') / wall('PostgreSQL COPY events TO'), 1)}x; restore load / COPY FROM = ${fmt(wall('  of which: load') / wall('PostgreSQL COPY ...'), 1)}x; whole restore / COPY FROM = ${fmt(wall('Lantern restore') / wall('PostgreSQL COPY ...'), 1)}x`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${srcName} WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS ${dstName} WITH (FORCE)`);
  }
}

await main();
