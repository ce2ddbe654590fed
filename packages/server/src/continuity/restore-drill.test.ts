import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@lantern/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_ORG_CHAIN } from '../audit/auditLog.js';
import type { Database } from '../storage/database.js';
import { openTestDatabase, type TestDatabase } from '../testing/testDatabase.js';
import { resolveBackupSet } from './backup/manifest.js';
import { readTableColumns } from './backup/tables.js';
import { type BackupReport, takeBackup } from './backup/takeBackup.js';
import { verifyBackupSet } from './backup/verifyBackup.js';
import { type DaySize, type DrillDay, openDrillDay, writeDay } from './drillDay.js';
import { prepareRestore, RestoreRefused, restoreInto } from './restore/restoreBackup.js';
import { parseUntil } from './restore/until.js';

// The restore drill the operations guide asks for, as a test: a day of work across several
// organisations is backed up, restored into a fresh database (PGlite directory, or a new
// PostgreSQL database when DATABASE_URL is set) and compared row for row, column for column.

const PASSPHRASE = 'drill: tulip lantern harbour seven';
const DAY: DaySize = { orgs: 3, casesPerOrg: 20, patientsPerOrg: 8, usersPerOrg: 2 };
/** Small chunks, so every table spans several of them and chunk boundaries get exercised. */
const CHUNK_ROWS = 150;
/** Not compared: bookkeeping of the database itself, and sessions (never restored). */
const NOT_COMPARED = new Set([
  'schema_migrations',
  'projection_state',
  'restore_progress',
  'sessions',
  'mfa_challenges',
]);

let source: TestDatabase;
/** One target for every restore: the first finds it empty, later ones replace it (--force). */
let target: TestDatabase;
let day: DrillDay;
let repository: string;

/** Every row of a table as PostgreSQL's own JSON text, in a fixed order: all columns, exactly. */
async function rowsOf(database: Database, table: string, where = sql``): Promise<string[]> {
  const { rows } = await sql<{
    j: string;
  }>`SELECT row_to_json(t)::text AS j FROM ${sql.table(table)} t ${where} ORDER BY 1`.execute(database.db);
  return rows.map((r) => r.j);
}

async function comparedTables(database: Database): Promise<string[]> {
  return [...(await readTableColumns(database.db)).keys()].filter((t) => !NOT_COMPARED.has(t)).sort();
}

async function expectIdentical(restored: Database, original: Database): Promise<void> {
  const tables = await comparedTables(original);
  expect(await comparedTables(restored)).toEqual(tables);
  for (const table of tables) {
    const want = await rowsOf(original, table);
    const got = await rowsOf(restored, table);
    expect({ table, rows: got.length }).toEqual({ table, rows: want.length });
    expect(got, `table ${table}`).toEqual(want);
  }
}

/** Restores over whatever the target holds (--force), as a drill on a reused database does. */
async function restoreOver(from: string, until?: string): Promise<void> {
  const prepared = await prepareRestore(from, {
    passphrase: PASSPHRASE,
    ...(until ? { until: parseUntil(until) } : {}),
  });
  await restoreInto(target.database, day.projections, prepared, { force: true });
}

beforeAll(async () => {
  [source, target] = await Promise.all([openTestDatabase(), openTestDatabase({ migrate: false })]);
  day = await openDrillDay(source.database, DAY);
  const written = await writeDay(day, DAY);
  expect(written.events).toBeGreaterThan(500);
  repository = mkdtempSync(join(tmpdir(), 'lantern-backups-'));
});

afterAll(async () => {
  await target?.cleanup().catch(() => {});
  await source?.cleanup().catch(() => {});
  rmSync(repository, { recursive: true, force: true });
});

describe('restore drill: a day backed up and restored is exactly the day', { timeout: 300_000 }, () => {
  let full: BackupReport;

  it('a full backup restores into an empty database identical in every row and column, projections rebuilt', async () => {
    // Any non-projection table is reference data, including one no capability knows about yet;
    // its sequence must carry on after the restored rows.
    const db = source.database.db;
    await sql`CREATE TABLE drill_numbered (id bigserial PRIMARY KEY, label text NOT NULL)`.execute(db);
    await sql`INSERT INTO drill_numbered (label) VALUES ('one'), ('two'), ('three')`.execute(db);
    const withExtra = await takeBackup(source.database, day.projections, {
      repository: join(repository, 'with-extra-table'),
      passphrase: PASSPHRASE,
      chunkRows: CHUNK_ROWS,
    });
    const m = withExtra.manifest;
    expect(m.kind).toBe('full');
    expect(m.chains.events.map((c) => c.chain).sort()).toEqual(day.orgs.map((o) => o.id).sort());
    expect(m.chunks.filter((c) => c.table === 'events').length).toBeGreaterThan(2);
    expect(Object.keys(m.excluded)).toEqual(
      expect.arrayContaining(['cases', 'patients', 'triage_sessions', 'sessions']),
    );
    expect(m.tables.drill_numbered?.role).toBe('reference');
    for (const t of [
      'organisations',
      'users',
      'user_roles',
      'recovery_codes',
      'webauthn_credentials',
      'event_chain_heads',
    ])
      expect(m.tables[t]?.rows, t).toBeGreaterThan(0);

    await sql`CREATE TABLE drill_numbered (id bigserial PRIMARY KEY, label text NOT NULL)`.execute(
      target.database.db,
    );
    const prepared = await prepareRestore(withExtra.dir, { passphrase: PASSPHRASE });
    const report = await restoreInto(target.database, day.projections, prepared);
    expect(report.counts.events).toBe(m.tables.events?.rows);
    expect(report.projections).toEqual(day.projections.list().map((p) => p.name));

    await expectIdentical(target.database, source.database);
    expect(await rowsOf(target.database, 'sessions')).toEqual([]);
    await sql`INSERT INTO drill_numbered (label) VALUES ('four')`.execute(target.database.db);
    expect(await rowsOf(target.database, 'drill_numbered', sql`WHERE label = 'four'`)).toEqual([
      '{"id":4,"label":"four"}',
    ]);
    await sql`DROP TABLE drill_numbered`.execute(db);
    await sql`DROP TABLE drill_numbered`.execute(target.database.db);
    full = await takeBackup(source.database, day.projections, {
      repository,
      passphrase: PASSPHRASE,
      chunkRows: CHUNK_ROWS,
    });
  });

  it('--until SEQ restores the prefix of every chain up to that seq, audit up to its time, heads moved', async () => {
    const heads = full.manifest.chains.events;
    const cut = Math.floor(Math.min(...heads.map((h) => h.seq)) / 2);
    await restoreOver(full.dir, String(cut));
    const src = source.database;
    const limits: string[] = [];
    for (const { chain } of heads) {
      const at = sql`WHERE org_id = ${chain} AND seq <= ${cut}`;
      expect(await rowsOf(target.database, 'events', sql`WHERE org_id = ${chain}`)).toEqual(
        await rowsOf(src, 'events', at),
      );
      const last = await src.db
        .selectFrom('events')
        .select(['hash', 'recorded_at'])
        .where('org_id', '=', chain)
        .where('seq', '=', cut)
        .executeTakeFirstOrThrow();
      const head = await target.database.db
        .selectFrom('event_chain_heads')
        .selectAll()
        .where('org_id', '=', chain)
        .executeTakeFirstOrThrow();
      expect({ seq: Number(head.seq), hash: head.hash }).toEqual({ seq: cut, hash: last.hash });
      const until = new Date(last.recorded_at).toISOString();
      limits.push(until);
      expect(await rowsOf(target.database, 'audit_events', sql`WHERE chain_id = ${chain}`)).toEqual(
        await rowsOf(
          src,
          'audit_events',
          sql`WHERE chain_id = ${chain} AND recorded_at <= ${until} AND seq <= ${full.manifest.chains.audit.find((a) => a.chain === chain)?.seq ?? 0}`,
        ),
      );
    }
    // The chain of entries with no organisation stops at the latest organisation's cut.
    const latest = limits.sort().at(-1) as string;
    expect(await rowsOf(target.database, 'audit_events', sql`WHERE chain_id = ${NO_ORG_CHAIN}`)).toEqual(
      await rowsOf(
        src,
        'audit_events',
        sql`WHERE chain_id = ${NO_ORG_CHAIN} AND recorded_at <= ${latest} AND seq <= ${full.manifest.chains.audit.find((a) => a.chain === NO_ORG_CHAIN)?.seq ?? 0}`,
      ),
    );
  });

  it('--until ORG:SEQ cuts one organisation and restores the others whole', async () => {
    const [first, ...others] = full.manifest.chains.events;
    if (!first) throw new Error('no chains');
    await restoreOver(full.dir, `${first.chain}:10`);
    expect(await rowsOf(target.database, 'events', sql`WHERE org_id = ${first.chain}`)).toEqual(
      await rowsOf(source.database, 'events', sql`WHERE org_id = ${first.chain} AND seq <= 10`),
    );
    for (const o of others)
      expect(await rowsOf(target.database, 'events', sql`WHERE org_id = ${o.chain}`)).toEqual(
        await rowsOf(source.database, 'events', sql`WHERE org_id = ${o.chain} AND seq <= ${o.seq}`),
      );
  });

  it('--until TIME restores exactly what was recorded by then, in every chain', async () => {
    const times = await source.database.db
      .selectFrom('events')
      .select('recorded_at')
      .orderBy('recorded_at')
      .execute();
    const until = new Date(times[Math.floor(times.length / 2)]?.recorded_at as Date).toISOString();
    await restoreOver(full.dir, until);
    const maxSeq = Object.fromEntries(full.manifest.chains.events.map((h) => [h.chain, h.seq]));
    const want = (await rowsOf(source.database, 'events', sql`WHERE recorded_at <= ${until}`)).filter((j) => {
      const r = JSON.parse(j) as { org_id: string; seq: number };
      return r.seq <= (maxSeq[r.org_id] ?? 0);
    });
    expect(await rowsOf(target.database, 'events')).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(full.manifest.tables.events?.rows ?? 0);
    const audit = await rowsOf(target.database, 'audit_events');
    expect(audit.length).toBeGreaterThan(0);
    expect(
      audit.every(
        (j) => Date.parse((JSON.parse(j) as { recorded_at: string }).recorded_at) <= Date.parse(until),
      ),
    ).toBe(true);
    const casesNow = await target.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(casesNow.n)).toBeGreaterThan(0);
  });

  it('an incremental backup holds only what came after its base, and restores to the whole day', async () => {
    await writeDay(day, { ...DAY, casesPerOrg: 4, patientsPerOrg: 2 }, 1);
    const inc = await takeBackup(source.database, day.projections, {
      repository,
      passphrase: PASSPHRASE,
      incremental: true,
      chunkRows: CHUNK_ROWS,
    });
    const m = inc.manifest;
    expect(m.kind).toBe('incremental');
    expect(m.base?.id).toBe(full.manifest.id);
    for (const c of m.chains.events) {
      const before = full.manifest.chains.events.find((b) => b.chain === c.chain);
      expect(c.fromSeq).toBe((before?.seq ?? 0) + 1);
    }
    const newEvents = m.chains.events.reduce((n, c) => n + c.seq - c.fromSeq + 1, 0);
    expect(m.tables.events?.rows).toBe(newEvents);
    expect(m.tables.users?.rows).toBe(full.manifest.tables.users?.rows); // reference data in full
    expect((await verifyBackupSet(resolveBackupSet(inc.dir), { passphrase: PASSPHRASE })).problems).toEqual(
      [],
    );

    await restoreOver(repository); // the repository: its newest backup, with its base
    await expectIdentical(target.database, source.database);
  });

  it('refuses a database that holds records; --force replaces what it holds', async () => {
    await restoreOver(full.dir);
    const prepared = await prepareRestore(repository, { passphrase: PASSPHRASE });
    await expect(restoreInto(target.database, day.projections, prepared)).rejects.toThrow(RestoreRefused);
    await expect(restoreInto(target.database, day.projections, prepared)).rejects.toThrow(
      /not empty .*--force/,
    );
    await restoreInto(target.database, day.projections, prepared, { force: true });
    await expectIdentical(target.database, source.database);
  });

  it('an interrupted restore carries on from the next chunk when run again', async () => {
    const prepared = await prepareRestore(full.dir, { passphrase: PASSPHRASE });
    await expect(
      restoreInto(target.database, day.projections, prepared, { force: true, failAfterChunks: 3 }),
    ).rejects.toThrow(/after 3 chunk/);
    const steps = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM restore_progress WHERE step LIKE 'chunk %'`.execute(target.database.db);
    expect(steps.rows[0]?.n).toBe(3);
    const report = await restoreInto(target.database, day.projections, prepared);
    expect(report.resumed).toBe(true);
    expect(report.chunksAlreadyLoaded).toBe(3);
    expect(report.chunksLoaded).toBe(full.manifest.chunks.length - 3);
    const tables = Object.keys(full.manifest.tables);
    expect(Object.fromEntries(tables.map((t) => [t, report.counts[t]]))).toEqual(
      Object.fromEntries(tables.map((t) => [t, full.manifest.tables[t]?.rows])),
    );
  });
  it('a backup taken while the service keeps appending is a consistent snapshot', async () => {
    const org = day.orgs[0]?.id as string;
    const appends = (async () => {
      for (let i = 0; i < 40; i++)
        await day.eventStore.append(org, { type: 'shift-log', id: newId() }, 0, [
          { id: newId(), type: 'ShiftNoteRecorded', data: { i, text: 'busy afternoon' } },
        ]);
    })();
    const [backup] = await Promise.all([
      takeBackup(source.database, day.projections, { repository, passphrase: PASSPHRASE }),
      appends,
    ]);
    const check = await verifyBackupSet(resolveBackupSet(backup.dir), { passphrase: PASSPHRASE });
    expect(check.problems).toEqual([]);
    const now = await source.database.db
      .selectFrom('event_chain_heads')
      .select('seq')
      .where('org_id', '=', org)
      .executeTakeFirstOrThrow();
    expect(backup.manifest.chains.events.find((c) => c.chain === org)?.seq).toBeLessThanOrEqual(
      Number(now.seq),
    );
  });
});
