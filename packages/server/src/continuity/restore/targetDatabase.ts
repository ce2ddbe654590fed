/**
 * The database a restore writes into: is it empty, is a restore of this backup half done in it,
 * and (with --force) emptying it. Looked at before any migration runs, so a refused restore
 * leaves the database exactly as it found it.
 */
import { sql } from 'kysely';
import type { Database } from '../../storage/database.js';
import { quoteIdent, readTableColumns } from '../backup/tables.js';

/** Rows in any of these mean the database holds records. */
const RECORD_TABLES = ['organisations', 'users', 'events', 'audit_events'];

export interface TargetState {
  /** Tables among RECORD_TABLES that hold rows, with a count. */
  records: Record<string, number>;
  /** Restores begun and not finished here: restore id -> the options they began with. */
  unfinished: Map<string, { until: string | null }>;
  finished: string[];
}

async function exists(database: Database, table: string): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(
    database.db,
  );
  return rows[0]?.t != null;
}

export async function inspectTarget(database: Database): Promise<TargetState> {
  const records: Record<string, number> = {};
  for (const table of RECORD_TABLES) {
    if (!(await exists(database, table))) continue;
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
      database.db,
    );
    const n = Number(rows[0]?.n ?? 0);
    if (n > 0) records[table] = n;
  }
  const unfinished = new Map<string, { until: string | null }>();
  const finished: string[] = [];
  if (await exists(database, 'restore_progress')) {
    const { rows } = await sql<{ restore_id: string; step: string; detail: { until?: string | null } }>`
      SELECT restore_id, step, detail FROM restore_progress WHERE step IN ('begin', 'done')`.execute(
      database.db,
    );
    for (const r of rows) if (r.step === 'done') finished.push(r.restore_id);
    for (const r of rows)
      if (r.step === 'begin' && !finished.includes(r.restore_id))
        unfinished.set(r.restore_id, { until: r.detail?.until ?? null });
  }
  return { records, unfinished, finished };
}

/**
 * Empties every table but the migration record, in one transaction. The append-only triggers
 * on the logs are switched off for the TRUNCATE and on again before commit (the owner may; the
 * application role may not).
 */
export async function wipeTarget(database: Database): Promise<void> {
  await database.db.transaction().execute(async (tx) => {
    const tables = [...(await readTableColumns(tx)).keys()].filter((t) => t !== 'schema_migrations');
    if (tables.length === 0) return;
    for (const t of tables) await sql.raw(`ALTER TABLE ${quoteIdent(t)} DISABLE TRIGGER USER`).execute(tx);
    await sql.raw(`TRUNCATE ${tables.map(quoteIdent).join(', ')}`).execute(tx);
    for (const t of tables) await sql.raw(`ALTER TABLE ${quoteIdent(t)} ENABLE TRIGGER USER`).execute(tx);
  });
}

/**
 * Sequences owned by restored columns (a bigserial or identity key) continue after the largest
 * restored value, so the next insert cannot collide with a restored row.
 */
export async function advanceSequences(database: Database, tables: string[]): Promise<void> {
  const { rows } = await sql<{ seq: string; tbl: string; col: string }>`
    SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
      FROM pg_class s
      JOIN pg_namespace n ON n.oid = s.relnamespace
      JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
      JOIN pg_class t ON t.oid = d.refobjid
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     WHERE s.relkind = 'S' AND n.nspname = current_schema()`.execute(database.db);
  for (const r of rows) {
    if (!tables.includes(r.tbl)) continue;
    await sql
      .raw(
        `SELECT setval('${quoteIdent(r.seq).replace(/'/g, "''")}', COALESCE((SELECT max(${quoteIdent(r.col)}) FROM ${quoteIdent(r.tbl)}), 0) + 1, false)`,
      )
      .execute(database.db);
  }
}
