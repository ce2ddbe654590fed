/**
 * Step 3 of a restore: the chunks, each in one transaction with its restore_progress row, so an
 * interrupted restore skips exactly the chunks already committed. Reference data comes from the
 * newest backup (each backup holds all of it), tables in foreign-key order; then every backup's
 * event chunks, oldest backup first; then every backup's audit chunks. Rows go in as PostgreSQL's
 * own JSON (`json_populate_recordset`), so every column lands exactly as it was backed up; log
 * rows past a point-in-time cut are filtered in the same statement.
 */
import { sql } from 'kysely';
import type { Tx } from '../../eventlog/projections.js';
import type { Database } from '../../storage/database.js';
import type { BackupKeys } from '../backup/backupCrypto.js';
import type { BackupOnDisk, ChunkEntry } from '../backup/manifest.js';
import { type ChunkRead, readChunk } from '../backup/readChunk.js';
import { LOG_TABLES, orderByForeignKeys, quoteIdent } from '../backup/tables.js';
import { BackupInvalid } from './restoreErrors.js';
import type { Cuts } from './until.js';

/** Rows per INSERT statement: one JSON parameter, a few MB at most. */
const INSERT_ROWS = 5_000;

export interface LoadOptions {
  onPhase?: (phase: 'load', total: number) => void;
  onProgress?: (done: number) => void;
  /** Test hook: fail after this many chunks were loaded in this run. */
  failAfterChunks?: number;
}

export async function loadChunks(
  database: Database,
  set: BackupOnDisk[],
  keys: Map<string, BackupKeys>,
  cuts: Cuts,
  restoreId: string,
  options: LoadOptions,
): Promise<{ chunksLoaded: number; chunksAlreadyLoaded: number }> {
  const newest = set[set.length - 1] as BackupOnDisk;
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
  const keyOf = (b: BackupOnDisk) => (keys.get(b.manifest.id) as BackupKeys).encryptionKey;
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

  return { chunksLoaded, chunksAlreadyLoaded };
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
