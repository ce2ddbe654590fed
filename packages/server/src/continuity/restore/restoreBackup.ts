/**
 * `lantern restore`: rebuilds a whole service from a backup into an empty database. Order:
 *   1. verify the backup set completely (signatures, every chunk, every chain) before the
 *      database is touched: a damaged or forged backup restores nothing;
 *   2. refuse a database that holds records (unless --force empties it), run the migrations;
 *   3. load the reference data (tables ordered by their foreign keys), then the event log in
 *      per-organisation seq order, then the audit log, every column exactly as backed up;
 *   4. cut the chains at --until if asked, move the chain heads to match;
 *   5. rebuild every projection from the restored events, verify every chain in the database
 *      again and check its heads against the backup's.
 * Each chunk is loaded in one transaction together with its restore_progress row, so a restore
 * that is interrupted (killed, connection lost) carries on from the next chunk when it is run
 * again with the same backup; steps 4 and 5 are idempotent.
 */
import { GENESIS_HASH } from '@lantern/core';
import { sql } from 'kysely';
import { NO_ORG_CHAIN } from '../../audit/auditLog.js';
import { verifyAuditChains } from '../../audit/verifyAudit.js';
import type { ProjectionRegistry, Tx } from '../../eventlog/projections.js';
import { rebuildProjections } from '../../eventlog/rebuildProjections.js';
import { verifyChains } from '../../eventlog/verifyChains.js';
import type { Database } from '../../storage/database.js';
import { currentMigrationVersion, migrate } from '../../storage/migrate.js';
import type { BackupKeys } from '../backup/backupCrypto.js';
import { type BackupOnDisk, type ChunkEntry, resolveBackupSet } from '../backup/manifest.js';
import { type ChunkRead, readChunk } from '../backup/readChunk.js';
import { LOG_TABLES, orderByForeignKeys, quoteIdent, readTableColumns } from '../backup/tables.js';
import { type BackupProblem, type BackupVerifyReport, verifyBackupSet } from '../backup/verifyBackup.js';
import { advanceSequences, inspectTarget, wipeTarget } from './targetDatabase.js';
import { ChainTimes, type Cuts, computeCuts, type Until } from './until.js';

/** Rows per INSERT statement: one JSON parameter, a few MB at most. */
const INSERT_ROWS = 5_000;

export type RestorePhase = 'verify' | 'load' | 'rebuild' | 'check';

export interface RestoreProgress {
  onPhase?: (phase: RestorePhase, total: number) => void;
  onProgress?: (done: number) => void;
}

export class BackupInvalid extends Error {
  override name = 'BackupInvalid';
  constructor(readonly problems: BackupProblem[]) {
    super(`the backup did not verify: ${problems.length} problem(s); nothing was restored`);
  }
}

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export interface PreparedRestore {
  set: BackupOnDisk[];
  newest: BackupOnDisk;
  verification: BackupVerifyReport;
  cuts: Cuts;
  until: Until | undefined;
}

/** Step 1: verifies the whole backup set (no database involved) and works out the cuts. */
export async function prepareRestore(
  from: string,
  options: { passphrase: string; until?: Until } & RestoreProgress,
): Promise<PreparedRestore> {
  const set = resolveBackupSet(from);
  const newest = set[set.length - 1] as BackupOnDisk;
  const times = { events: new Map<string, ChainTimes>(), audit: new Map<string, ChainTimes>() };
  options.onPhase?.(
    'verify',
    set.reduce((n, b) => n + b.manifest.totals.rows, 0),
  );
  const verification = await verifyBackupSet(set, {
    passphrase: options.passphrase,
    onProgress: options.onProgress,
    onLogRow: options.until
      ? (row) => {
          let t = times[row.log].get(row.chain);
          if (!t) {
            t = new ChainTimes();
            times[row.log].set(row.chain, t);
          }
          t.push(row.seq, Date.parse(row.recordedAt));
        }
      : undefined,
  });
  if (!verification.ok) throw new BackupInvalid(verification.problems);
  const heads = {
    events: new Map(newest.manifest.chains.events.map((h) => [h.chain, h.seq])),
    audit: new Map(newest.manifest.chains.audit.map((h) => [h.chain, h.seq])),
  };
  const cuts = computeCuts(options.until, heads, times, NO_ORG_CHAIN);
  return { set, newest, verification, cuts, until: options.until };
}

export interface RestoreOptions extends RestoreProgress {
  force?: boolean;
  /** Test hook: fail after this many chunks were loaded in this run. */
  failAfterChunks?: number;
}

export interface RestoreReport {
  backupId: string;
  backupDir: string;
  until: string | null;
  resumed: boolean;
  chunksLoaded: number;
  chunksAlreadyLoaded: number;
  /** Rows in each restored table and each rebuilt projection table, counted at the end. */
  counts: Record<string, number>;
  heads: {
    events: { chain: string; seq: number; hash: string }[];
    audit: { chain: string; seq: number; hash: string }[];
  };
  projections: string[];
  seconds: number;
}

/** Steps 2-5, into a database opened without migrating (the refusal must not change it). */
export async function restoreInto(
  database: Database,
  projections: ProjectionRegistry,
  prepared: PreparedRestore,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const started = performance.now();
  const { set, newest, cuts } = prepared;
  const restoreId = newest.manifest.id;
  const untilText = prepared.until?.text ?? null;
  const resumed = await checkTarget(database, restoreId, untilText, options.force === true);

  await migrate(database);
  if (!resumed && options.force) await wipeTarget(database);
  await ensureCompatible(database, newest);
  await sql`INSERT INTO restore_progress (restore_id, step, detail)
            VALUES (${restoreId}, 'begin', ${JSON.stringify({ until: untilText, backups: set.map((b) => b.manifest.id) })}::jsonb)
            ON CONFLICT DO NOTHING`.execute(database.db);
  const done = new Set(
    (
      await sql<{ step: string }>`SELECT step FROM restore_progress WHERE restore_id = ${restoreId}`.execute(
        database.db,
      )
    ).rows.map((r) => r.step),
  );

  const plan = await loadPlan(database, set, newest);
  options.onPhase?.(
    'load',
    plan.reduce((n, p) => n + p.entry.rows, 0),
  );
  let loadedRows = 0;
  let chunksLoaded = 0;
  let chunksAlreadyLoaded = 0;
  const reads = plan.map(() => null as Promise<ChunkRead> | null);
  const keyOf = (b: BackupOnDisk) =>
    (prepared.verification.keys.get(b.manifest.id) as BackupKeys).encryptionKey;
  const start = (i: number) => {
    const p = plan[i];
    if (p && !reads[i] && !done.has(p.step) && !beyondCut(p.entry, cuts))
      reads[i] = readChunk(p.backup, p.entry, keyOf(p.backup));
  };
  for (const [i, p] of plan.entries()) {
    if (done.has(p.step)) {
      chunksAlreadyLoaded += 1;
      loadedRows += p.entry.rows;
      options.onProgress?.(loadedRows);
      continue;
    }
    start(i);
    start(i + 1);
    const read = reads[i] ? await reads[i] : null;
    reads[i] = null;
    if (read && !read.ok)
      throw new BackupInvalid([{ ...read.problem, backup: p.backup.dir, chunk: p.entry.index }]);
    await database.db.transaction().execute(async (tx) => {
      if (read) await insertRows(tx, p.entry, p.columns, read.lines, cuts);
      await sql`INSERT INTO restore_progress (restore_id, step, detail)
                VALUES (${restoreId}, ${p.step}, ${JSON.stringify({ table: p.entry.table, rows: p.entry.rows })}::jsonb)`.execute(
        tx,
      );
    });
    chunksLoaded += 1;
    loadedRows += p.entry.rows;
    options.onProgress?.(loadedRows);
    if (options.failAfterChunks !== undefined && chunksLoaded >= options.failAfterChunks)
      throw new Error(`stopped on purpose after ${chunksLoaded} chunk(s) (test failure injection)`);
  }

  if (prepared.until) await moveHeads(database, cuts);
  await advanceSequences(
    database,
    Object.keys(newest.manifest.tables).filter((t) => newest.manifest.tables[t]?.role === 'reference'),
  );
  const totalEvents = [...cuts.events.values()].reduce((n, s) => n + s, 0);
  options.onPhase?.('rebuild', totalEvents);
  const rebuilt = await rebuildProjections(database, projections, options.onProgress);
  options.onPhase?.('check', totalEvents);
  const heads = await checkRestored(database, newest, cuts, prepared.until !== undefined, options.onProgress);
  const counts = await countRows(database, [
    ...Object.keys(newest.manifest.tables),
    ...projections.list().flatMap((p) => p.tables),
  ]);
  await sql`INSERT INTO restore_progress (restore_id, step, detail)
            VALUES (${restoreId}, 'done', ${JSON.stringify({ until: untilText, heads, counts })}::jsonb)
            ON CONFLICT DO NOTHING`.execute(database.db);
  return {
    backupId: restoreId,
    backupDir: newest.dir,
    until: untilText,
    resumed,
    chunksLoaded,
    chunksAlreadyLoaded,
    counts,
    heads,
    projections: rebuilt.projections,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Decides whether to start, resume or refuse; returns true when resuming. */
async function checkTarget(database: Database, restoreId: string, untilText: string | null, force: boolean) {
  const state = await inspectTarget(database);
  if (force) return false;
  const mine = state.unfinished.get(restoreId);
  if (mine) {
    if (mine.until !== untilText)
      throw new RestoreRefused(
        `a restore of this backup ${mine.until ? `--until ${mine.until}` : 'without --until'} is unfinished in this database: run it again the same way, or use --force to start over`,
      );
    return true;
  }
  const other = [...state.unfinished.keys()][0];
  if (other)
    throw new RestoreRefused(
      `an unfinished restore of another backup (${other}) is in this database: finish it, or use --force to start over`,
    );
  const held = Object.entries(state.records);
  if (held.length > 0)
    throw new RestoreRefused(
      `the database is not empty (${held.map(([t, n]) => `${n} ${t}`).join(', ')}${
        state.finished.includes(restoreId) ? '; it was already restored from this backup' : ''
      }): restore into an empty database, or use --force to replace everything in it`,
    );
  return false;
}

async function ensureCompatible(database: Database, newest: BackupOnDisk): Promise<void> {
  const version = await currentMigrationVersion(database);
  if (newest.manifest.schemaVersion > version)
    throw new RestoreRefused(
      `the backup was taken at schema version ${newest.manifest.schemaVersion}, newer than this Lantern's ${version}: restore with Lantern ${newest.manifest.lanternVersion} or later`,
    );
  const target = await readTableColumns(database.db);
  for (const [table, t] of Object.entries(newest.manifest.tables)) {
    const columns = target.get(table);
    if (!columns)
      throw new RestoreRefused(`the backup holds table ${table}, which this database does not have`);
    const missing = t.columns.filter((c) => !columns.includes(c));
    if (missing.length > 0)
      throw new RestoreRefused(`table ${table} here lacks the backed-up column(s) ${missing.join(', ')}`);
  }
}

interface PlannedChunk {
  backup: BackupOnDisk;
  entry: ChunkEntry;
  columns: string[];
  step: string;
}

/**
 * Reference data from the newest backup (each backup holds all of it), tables in foreign-key
 * order; then every backup's event chunks, oldest backup first; then every backup's audit chunks.
 */
async function loadPlan(
  database: Database,
  set: BackupOnDisk[],
  newest: BackupOnDisk,
): Promise<PlannedChunk[]> {
  const planned = (b: BackupOnDisk, entry: ChunkEntry): PlannedChunk => ({
    backup: b,
    entry,
    columns: b.manifest.tables[entry.table]?.columns ?? [],
    step: `chunk ${b.manifest.id} ${entry.index}`,
  });
  const reference = newest.manifest.chunks.filter((c) => c.role === 'reference');
  const order = await orderByForeignKeys(database.db, [...new Set(reference.map((c) => c.table))]);
  return [
    ...order.flatMap((table) => reference.filter((c) => c.table === table).map((c) => planned(newest, c))),
    ...set.flatMap((b) => b.manifest.chunks.filter((c) => c.role === 'event-log').map((c) => planned(b, c))),
    ...set.flatMap((b) => b.manifest.chunks.filter((c) => c.role === 'audit-log').map((c) => planned(b, c))),
  ];
}

function cutsFor(entry: ChunkEntry, cuts: Cuts): Map<string, number> | null {
  if (entry.role === 'event-log') return cuts.events;
  if (entry.role === 'audit-log') return cuts.audit;
  return null;
}

/** True when every row of a log chunk lies past its chain's cut (nothing of it is restored). */
function beyondCut(entry: ChunkEntry, cuts: Cuts): boolean {
  const cut = cutsFor(entry, cuts);
  return cut !== null && (entry.ranges ?? []).every((r) => r.from > (cut.get(r.chain) ?? 0));
}

async function insertRows(tx: Tx, entry: ChunkEntry, columns: string[], lines: string[], cuts: Cuts) {
  const list = columns.map(quoteIdent).join(', ');
  const selected = columns.map((c) => `r.${quoteIdent(c)}`).join(', ');
  const cut = cutsFor(entry, cuts);
  const chainColumn = LOG_TABLES[entry.table]?.chainColumn;
  const where =
    cut && chainColumn
      ? sql`WHERE r.seq <= COALESCE((${JSON.stringify(Object.fromEntries(cut))}::jsonb ->> r.${sql.ref(chainColumn)}::text)::bigint, 0)`
      : sql``;
  for (let i = 0; i < lines.length; i += INSERT_ROWS) {
    const json = `[${lines.slice(i, i + INSERT_ROWS).join(',')}]`;
    await sql`INSERT INTO ${sql.table(entry.table)} (${sql.raw(list)}) OVERRIDING SYSTEM VALUE
              SELECT ${sql.raw(selected)} FROM json_populate_recordset(NULL::${sql.table(entry.table)}, ${json}::json) r
              ${where}`.execute(tx);
  }
}

/** After a point-in-time restore the heads point at the last row kept of each chain. */
async function moveHeads(database: Database, cuts: Cuts): Promise<void> {
  const list = (m: Map<string, number>) => JSON.stringify([...m].map(([chain, seq]) => ({ chain, seq })));
  await database.db.transaction().execute(async (tx) => {
    await sql`
      UPDATE event_chain_heads h
         SET seq = c.seq, hash = COALESCE(e.hash, ${GENESIS_HASH}), updated_at = COALESCE(e.recorded_at, h.updated_at)
        FROM json_to_recordset(${list(cuts.events)}::json) AS c(chain uuid, seq bigint)
        LEFT JOIN events e ON e.org_id = c.chain AND e.seq = c.seq
       WHERE h.org_id = c.chain`.execute(tx);
    await sql`
      UPDATE audit_chain_heads h
         SET seq = c.seq, hash = COALESCE(a.hash, ${GENESIS_HASH})
        FROM json_to_recordset(${list(cuts.audit)}::json) AS c(chain uuid, seq bigint)
        LEFT JOIN audit_events a ON a.chain_id = c.chain AND a.seq = c.seq
       WHERE h.chain_id = c.chain`.execute(tx);
  });
}

/** Every chain in the database verifies, and its head is where the backup (or the cut) says. */
async function checkRestored(
  database: Database,
  newest: BackupOnDisk,
  cuts: Cuts,
  cut: boolean,
  onProgress?: (n: number) => void,
): Promise<RestoreReport['heads']> {
  const events = await verifyChains(database, onProgress);
  const audit = await verifyAuditChains(database);
  const problems = [...events.problems, ...audit.problems];
  const heads = {
    events: (
      await database.db
        .selectFrom('event_chain_heads')
        .select(['org_id', 'seq', 'hash'])
        .orderBy('org_id')
        .execute()
    ).map((h) => ({ chain: h.org_id, seq: Number(h.seq), hash: h.hash })),
    audit: (
      await database.db
        .selectFrom('audit_chain_heads')
        .select(['chain_id', 'seq', 'hash'])
        .orderBy('chain_id')
        .execute()
    ).map((h) => ({ chain: h.chain_id, seq: Number(h.seq), hash: h.hash })),
  };
  for (const log of ['events', 'audit'] as const) {
    const expected = newest.manifest.chains[log];
    const found = new Map(heads[log].map((h) => [h.chain, h]));
    for (const h of expected) {
      const head = found.get(h.chain);
      const seq = cuts[log].get(h.chain) ?? h.seq;
      if (!head || head.seq !== seq || (!cut && head.hash !== h.hash))
        problems.push(
          `${log} chain ${h.chain}: restored head ${head ? `seq ${head.seq}` : 'missing'}, expected seq ${seq}`,
        );
    }
    if (heads[log].length !== expected.length)
      problems.push(`${log}: ${heads[log].length} chain heads restored, the backup has ${expected.length}`);
  }
  if (problems.length > 0) throw new Error(`the restored database does not verify: ${problems.join('; ')}`);
  return heads;
}

async function countRows(database: Database, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of [...new Set(tables)].sort()) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(
      database.db,
    );
    counts[t] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}
