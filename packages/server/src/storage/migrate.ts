/**
 * Versioned SQL migrations from packages/server/migrations (NNNN_name.sql), applied in order,
 * each in its own transaction, identical on both engines. A checksum per applied file means an
 * edited migration is refused instead of silently diverging between installations. An advisory
 * lock lets several servers start at once against one PostgreSQL.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATION_LOCK_KEY = 0x4c414e54; // 'LANT'

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export interface MigrationReport {
  applied: string[];
  currentVersion: number;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function migrate(database: Database, files = readMigrations()): Promise<MigrationReport> {
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  return database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      const done = await conn
        .selectFrom('schema_migrations')
        .select(['version', 'name', 'checksum'])
        .execute();
      const byVersion = new Map(done.map((m) => [m.version, m]));
      for (const m of done) {
        const file = files.find((f) => f.version === m.version);
        if (!file)
          throw new MigrationError(
            `database has migration ${m.version} (${m.name}) that this Lantern does not know: is it older than the database?`,
          );
        if (file.checksum !== m.checksum)
          throw new MigrationError(`migration ${m.version}_${m.name} was edited after it was applied`);
      }
      const applied: string[] = [];
      for (const file of files) {
        if (byVersion.has(file.version)) continue;
        await sql.raw('BEGIN').execute(conn);
        try {
          for (const statement of splitStatements(file.sql)) await sql.raw(statement).execute(conn);
          await conn
            .insertInto('schema_migrations')
            .values({ version: file.version, name: file.name, checksum: file.checksum })
            .execute();
          await sql.raw('COMMIT').execute(conn);
        } catch (err) {
          await sql.raw('ROLLBACK').execute(conn);
          throw new MigrationError(
            `migration ${file.version}_${file.name} failed: ${(err as Error).message}`,
          );
        }
        applied.push(`${String(file.version).padStart(4, '0')}_${file.name}`);
      }
      return { applied, currentVersion: Math.max(0, ...files.map((f) => f.version)) };
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

export async function currentMigrationVersion(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('schema_migrations')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/**
 * Splits a migration script into statements for the extended protocol (which takes one at a
 * time). Understands comments, quoted strings and dollar-quoted function bodies; that is all
 * our migrations use.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const rest = script.slice(i);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const tag = dollar[0];
      const end = script.indexOf(tag, i + tag.length);
      if (end === -1) throw new MigrationError(`unterminated ${tag} block`);
      current += script.slice(i, end + tag.length);
      i = end + tag.length;
      continue;
    }
    const ch = script[i] as string;
    if (ch === "'") {
      let j = i + 1;
      while (j < script.length && !(script[j] === "'" && script[j + 1] !== "'"))
        j += script[j] === "'" ? 2 : 1;
      current += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
    i += 1;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
