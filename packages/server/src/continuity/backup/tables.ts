/**
 * Which tables a backup holds. The rule, so a new capability is covered without touching this
 * file:
 *
 *   1. `events` and `audit_events` are the logs: hash-chained, copied per chain, and an
 *      incremental backup holds only what was appended since its base.
 *   2. A table a registered projection owns (ProjectionRegistry) is left out: a restore rebuilds
 *      it from the events.
 *   3. A short, named list of bookkeeping and ephemeral tables is left out (NOT_BACKED_UP below,
 *      each with its reason).
 *   4. Every other table is reference data (organisations, users, roles, MFA material, WebAuthn
 *      credentials, chain heads, grants, alerts, and whatever a capability adds): copied in full
 *      in every backup, full or incremental.
 *
 * The tables are read from the database's own catalogue, so a table added by a migration is in
 * the next backup with no change here. Columns are read the same way; generated columns are
 * left out (the database computes them again).
 */
import { type Kysely, sql } from 'kysely';
import type { ProjectionRegistry } from '../../eventlog/projections.js';
import type { DB } from '../../storage/schema.js';

export type TableRole = 'event-log' | 'audit-log' | 'reference';

export const LOG_TABLES: Record<string, { role: TableRole; chainColumn: string }> = {
  events: { role: 'event-log', chainColumn: 'org_id' },
  audit_events: { role: 'audit-log', chainColumn: 'chain_id' },
};

/** Tables never in a backup, and why. */
export const NOT_BACKED_UP: Readonly<Record<string, string>> = {
  schema_migrations: 'migration bookkeeping: a restore runs the migrations itself',
  projection_state: 'projection bookkeeping: a restore rebuilds every projection',
  restore_progress: "this database's restore bookkeeping",
  sessions: 'ephemeral credentials: after a restore everyone signs in again',
  mfa_challenges: 'ephemeral: five-minute sign-in steps',
};

export interface TablePlan {
  name: string;
  role: TableRole;
  columns: string[];
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The base tables of the current schema, each with its insertable columns in order. */
export async function readTableColumns(tx: Kysely<DB>): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ table: string; column: string }>`
    SELECT c.relname AS "table", a.attname AS "column"
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY c.relname, a.attnum`.execute(tx);
  const tables = new Map<string, string[]>();
  for (const r of rows) {
    const list = tables.get(r.table);
    if (list) list.push(r.column);
    else tables.set(r.table, [r.column]);
  }
  return tables;
}

/** Applies the rule above to the database's tables. */
export async function planTables(
  tx: Kysely<DB>,
  projections: ProjectionRegistry,
): Promise<{ tables: TablePlan[]; excluded: Record<string, string> }> {
  const owners = new Map<string, string>();
  for (const p of projections.list()) for (const t of p.tables) owners.set(t, p.name);
  const tables: TablePlan[] = [];
  const excluded: Record<string, string> = {};
  for (const [name, columns] of await readTableColumns(tx)) {
    const owner = owners.get(name);
    const log = LOG_TABLES[name];
    if (log) tables.push({ name, role: log.role, columns });
    else if (owner) excluded[name] = `projection '${owner}': rebuilt from the events by a restore`;
    else if (NOT_BACKED_UP[name]) excluded[name] = NOT_BACKED_UP[name] as string;
    else tables.push({ name, role: 'reference', columns });
  }
  for (const name of Object.keys(LOG_TABLES))
    if (!tables.some((t) => t.name === name)) throw new Error(`the database has no ${name} table`);
  return { tables, excluded };
}

/**
 * Orders tables so that every table comes after the tables its foreign keys point at (a restore
 * loads them in this order). Self-references are ignored; a cycle keeps the remaining order.
 */
export async function orderByForeignKeys(tx: Kysely<DB>, names: string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    SELECT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint k
      JOIN pg_class ch ON ch.oid = k.conrelid
      JOIN pg_class pa ON pa.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema()`.execute(tx);
  const wanted = new Set(names);
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  for (const r of rows)
    if (r.child !== r.parent && wanted.has(r.child) && wanted.has(r.parent))
      parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const remaining = [...names].sort();
  while (remaining.length > 0) {
    const i = remaining.findIndex((n) => [...(parents.get(n) ?? [])].every((p) => ordered.includes(p)));
    const [next] = remaining.splice(i === -1 ? 0 : i, 1);
    ordered.push(next as string);
  }
  return ordered;
}
