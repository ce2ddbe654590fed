/**
 * A fresh, migrated database for one test file: PGlite in a temporary directory by default,
 * or a new database on the PostgreSQL server named by DATABASE_URL (created here and dropped
 * afterwards), so suites never share state and run against the real engines.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../storage/database.js';
import { migrate } from '../storage/migrate.js';

export interface TestDatabase {
  database: Database;
  /** Connection settings, so a test can open a second independent connection/process. */
  config: { databaseUrl?: string; dataDir?: string };
  cleanup(): Promise<void>;
}

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function openTestDatabase(
  options: { poolSize?: number; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `lantern_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const database = await openDatabase({ databaseUrl, poolSize: options.poolSize ?? 10 });
    if (options.migrate !== false) await migrate(database);
    return {
      database,
      config: { databaseUrl },
      async cleanup() {
        await database.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-test-'));
  const database = await openDatabase({ dataDir });
  if (options.migrate !== false) await migrate(database);
  return {
    database,
    config: { dataDir },
    async cleanup() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
