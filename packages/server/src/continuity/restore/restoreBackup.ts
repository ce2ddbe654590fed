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

import { sql } from 'kysely';
import { NO_ORG_CHAIN } from '../../audit/auditLog.js';
import type { ProjectionRegistry } from '../../eventlog/projections.js';
import { rebuildProjections } from '../../eventlog/rebuildProjections.js';
import type { Database } from '../../storage/database.js';
import { currentMigrationVersion, migrate } from '../../storage/migrate.js';
import { type BackupOnDisk, resolveBackupSet } from '../backup/manifest.js';
import { readTableColumns } from '../backup/tables.js';
import { type BackupVerifyReport, verifyBackupSet } from '../backup/verifyBackup.js';
import { checkRestored, countRows, moveHeads, type RestoredHeads } from './finishRestore.js';
import { loadChunks } from './loadChunks.js';
import { BackupInvalid, RestoreRefused } from './restoreErrors.js';
import { advanceSequences, inspectTarget, wipeTarget } from './targetDatabase.js';
import { ChainTimes, type Cuts, computeCuts, type Until } from './until.js';

export { BackupInvalid, RestoreRefused } from './restoreErrors.js';

export type RestorePhase = 'verify' | 'load' | 'rebuild' | 'check';

export interface RestoreProgress {
  onPhase?: (phase: RestorePhase, total: number) => void;
  onProgress?: (done: number) => void;
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
  heads: RestoredHeads;
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
  const { chunksLoaded, chunksAlreadyLoaded } = await loadChunks(
    database,
    set,
    prepared.verification.keys,
    cuts,
    restoreId,
    options,
  );

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
