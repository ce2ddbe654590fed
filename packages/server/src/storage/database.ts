/**
 * One interface over two engines: PGlite (embedded, file-backed, the default for the demo,
 * development and tests) and PostgreSQL 15+ (production, when DATABASE_URL is set).
 * The same SQL and migrations run on both.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createPglitePool, PgliteSessionLock } from './pglitePool.js';
import type { DB } from './schema.js';

export type Engine = 'pglite' | 'postgresql';

export interface DatabaseConfig {
  /** postgres://... selects PostgreSQL; absent selects PGlite. */
  databaseUrl?: string;
  /** PGlite data directory (default ./data). */
  dataDir?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

export interface Database {
  readonly engine: Engine;
  readonly db: Kysely<DB>;
  /** Runs a multi-statement SQL script (migrations) on one session. No parameters. */
  exec(script: string): Promise<void>;
  /** Where the data lives, for start-up messages (never includes a password). */
  readonly location: string;
  close(): Promise<void>;
}

// bigint columns (seq) are well inside 2^53 and are read as numbers on both engines.
const INT8_OID = 20;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.poolSize ?? 10)
    : openPglite(config.dataDir);
}

export async function closeDatabase(database: Database): Promise<void> {
  await database.close();
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'lantern',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Fail fast with a clear error when the server is not there.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    engine: 'postgresql',
    db,
    location: `postgresql://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    async exec(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPglite(dataDir = './data'): Promise<Database> {
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { parsers: { [INT8_OID]: (v: string) => Number(v) } });
  const lock = new PgliteSessionLock();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPglitePool(pglite, lock) }) });
  return {
    engine: 'pglite',
    db,
    location: dir,
    async exec(script) {
      const release = await lock.acquire();
      try {
        await pglite.exec(script);
      } finally {
        release();
      }
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** SELECT 1, to tell a live database from a dead one (health checks). */
export async function pingDatabase(database: Database): Promise<void> {
  await sql`SELECT 1`.execute(database.db);
}
