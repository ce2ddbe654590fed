/**
 * Event-log append throughput and latency against a raw single-row INSERT of the same payload,
 * measured in the same run on the same machine.
 *
 *   npm run bench:append -- [--seconds 10] [--engine postgresql|pglite|both]
 *
 * PostgreSQL: a fresh database is created on $BENCH_DATABASE_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres) and dropped afterwards. Every append is one
 * event with a 1 KB triage-like payload to a new case stream of ONE organisation (the worst
 * case: every append extends the same hash chain). "raw" is `pg` INSERT of the same JSON into a
 * plain table with a bigserial key, over a pool as large as the writer count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@lantern/core';
import { createOrganisation, EventStore, migrate, openDatabase, ProjectionRegistry } from '@lantern/server';
import pg from 'pg';
import { fmt, type LoopResult, timedLoops } from '../lib/stats.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const SECONDS = Number(arg('seconds', '10'));
const ENGINE = arg('engine', 'both');
const WRITERS = [1, 8, 32];
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const payload = {
  presentingComplaint: 'chest pain',
  protocol: { id: 'chest-pain', version: '1.0.0' },
  answers: Array.from({ length: 12 }, (_, i) => ({
    questionId: `q${i}`,
    answer: i % 2 === 0 ? 'yes' : 'no',
    at: '2026-11-29T10:00:00.000Z',
  })),
  observations: {
    respiratoryRate: 22,
    spo2: 95,
    systolicBp: 118,
    pulse: 104,
    temperature: 38.1,
    consciousness: 'alert',
  },
  disposition: { code: 'Dx012', timeframeMinutes: 720, skillset: 'emergency-department' },
  notes: 'Caller reports central chest tightness for 40 minutes, radiating to left arm, sweaty.',
};

interface Row {
  engine: string;
  writers: number;
  subject: 'lantern append' | 'raw INSERT';
  result: LoopResult;
}

async function benchEventLog(
  engine: 'postgresql' | 'pglite',
  url: string | undefined,
  dataDir: string | undefined,
  writers: number,
): Promise<LoopResult> {
  const database = await openDatabase({ databaseUrl: url, dataDir, poolSize: Math.max(writers, 4) });
  try {
    await migrate(database);
    const org = newId();
    await createOrganisation(database, { id: org, name: `bench ${engine} ${writers}`, odsCode: null });
    const store = new EventStore(database, new ProjectionRegistry());
    return await timedLoops(writers, SECONDS, async () => {
      await store.append(org, { type: 'case', id: newId() }, 0, [
        { id: newId(), type: 'TriageCompleted', data: payload },
      ]);
    });
  } finally {
    await database.close();
  }
}

async function benchRawPg(url: string, writers: number): Promise<LoopResult> {
  const pool = new pg.Pool({ connectionString: url, max: writers });
  try {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, case_id uuid NOT NULL, kind text NOT NULL, payload jsonb NOT NULL)',
    );
    const text = JSON.stringify(payload);
    return await timedLoops(writers, SECONDS, async () => {
      await pool.query({
        name: 'raw-insert',
        text: 'INSERT INTO bench_raw (case_id, kind, payload) VALUES ($1, $2, $3)',
        values: [newId(), 'TriageCompleted', text],
      });
    });
  } finally {
    await pool.end();
  }
}

async function benchRawPglite(dataDir: string, writers: number): Promise<LoopResult> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(join(dataDir, 'raw'));
  try {
    await db.exec(
      'CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, case_id uuid NOT NULL, kind text NOT NULL, payload jsonb NOT NULL)',
    );
    const text = JSON.stringify(payload);
    return await timedLoops(writers, SECONDS, async () => {
      await db.query('INSERT INTO bench_raw (case_id, kind, payload) VALUES ($1, $2, $3)', [
        newId(),
        'TriageCompleted',
        text,
      ]);
    });
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  if (ENGINE === 'both' || ENGINE === 'postgresql') {
    const name = `lantern_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(BASE_URL);
    url.pathname = `/${name}`;
    try {
      for (const w of WRITERS) {
        rows.push({
          engine: 'postgresql',
          writers: w,
          subject: 'raw INSERT',
          result: await benchRawPg(url.toString(), w),
        });
        rows.push({
          engine: 'postgresql',
          writers: w,
          subject: 'lantern append',
          result: await benchEventLog('postgresql', url.toString(), undefined, w),
        });
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  if (ENGINE === 'both' || ENGINE === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-bench-'));
    try {
      for (const w of WRITERS) {
        rows.push({
          engine: 'pglite',
          writers: w,
          subject: 'raw INSERT',
          result: await benchRawPglite(dir, w),
        });
        rows.push({
          engine: 'pglite',
          writers: w,
          subject: 'lantern append',
          result: await benchEventLog('pglite', undefined, join(dir, `log${w}`), w),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`\n${SECONDS}s per cell, 1 event (~1 KB JSON) per append, one organisation\n`);
  console.log('| engine | writers | subject | appends/s | p50 ms | p99 ms | ratio to raw |');
  console.log('|---|---:|---|---:|---:|---:|---:|');
  for (const r of rows) {
    const raw = rows.find(
      (x) => x.engine === r.engine && x.writers === r.writers && x.subject === 'raw INSERT',
    );
    const ratio =
      r.subject === 'lantern append' && raw ? fmt(r.result.perSecond / raw.result.perSecond, 2) : '';
    console.log(
      `| ${r.engine} | ${r.writers} | ${r.subject} | ${fmt(r.result.perSecond)} | ${fmt(r.result.p50ms, 2)} | ${fmt(r.result.p99ms, 2)} | ${ratio} |`,
    );
  }
}

await main();
