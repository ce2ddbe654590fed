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
  /**
   * Subscribes to a LISTEN/NOTIFY channel (lower-case letters, digits, _). Notifications arrive
   * only for committed transactions. PostgreSQL: one dedicated connection per process, outside
   * the pool, reconnected with back-off; `onReconnect` tells the subscriber that notifications
   * may have been missed meanwhile. PGlite: its own listen, in this process.
   * Resolves once listening; the returned function unsubscribes.
   */
  listen(
    channel: string,
    callback: (payload: string) => void,
    options?: { onReconnect?: () => void },
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function ensureChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`not a safe LISTEN channel name: ${channel}`);
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
  // An idle pooled connection can be cut (server restart, failover, an administrator): pg then
  // emits 'error' on the pool, which would crash the process if nobody listened. The pool drops
  // that connection and the next query gets a new one, so there is nothing else to do here.
  pool.on('error', () => {});
  // Fail fast with a clear error when the server is not there.
  const probe = await pool.connect();
  probe.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  const listener = new PgListener(url);
  return {
    engine: 'postgresql',
    db,
    location: `postgresql://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    listen: (channel, callback, options) => listener.listen(channel, callback, options?.onReconnect),
    async exec(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
}

interface Subscription {
  callback: (payload: string) => void;
  onReconnect?: () => void;
}

/**
 * The LISTEN side of PostgreSQL NOTIFY: one client for all channels, never from the pool (a
 * pooled connection would be handed to queries and its LISTENs lost). If the connection drops,
 * it reconnects with back-off, listens again, and tells subscribers they may have missed some.
 */
class PgListener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<Subscription>>();
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly url: string) {}

  async listen(
    channel: string,
    callback: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>> {
    ensureChannel(channel);
    if (this.closed) throw new Error('the database is closed');
    const sub: Subscription = { callback, ...(onReconnect ? { onReconnect } : {}) };
    let subs = this.channels.get(channel);
    const first = !subs;
    if (!subs) {
      subs = new Set();
      this.channels.set(channel, subs);
    }
    subs.add(sub);
    if (first) {
      const client = await this.connect();
      if (this.client === client) await client.query(`LISTEN ${channel}`);
    } else {
      await this.connect();
    }
    return async () => {
      const set = this.channels.get(channel);
      if (!set?.delete(sub) || set.size > 0) return;
      this.channels.delete(channel);
      if (this.client && !this.closed) await this.client.query(`UNLISTEN ${channel}`).catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    this.channels.clear();
    await client?.end().catch(() => {});
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: 'lantern-listen' });
      client.on('notification', (msg) => {
        for (const sub of this.channels.get(msg.channel) ?? []) sub.callback(msg.payload ?? '');
      });
      // An idle LISTEN connection can die (failover, a restarted server); never crash on it.
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      try {
        await client.connect();
        for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
      } catch (err) {
        await client.end().catch(() => {});
        throw err;
      } finally {
        this.connecting = null;
      }
      if (this.closed) {
        await client.end().catch(() => {});
        throw new Error('the database is closed');
      }
      this.client = client;
      this.retryMs = RETRY_MIN_MS;
      return client;
    })();
    return this.connecting;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.channels.size === 0) return;
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      try {
        await this.connect();
        for (const subs of this.channels.values()) for (const sub of subs) sub.onReconnect?.();
      } catch {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.scheduleReconnect();
      }
    }, this.retryMs);
    this.retryTimer.unref();
  }
}

/** Reconnect back-off for the LISTEN connection: 250 ms doubling to 10 s. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

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
    async listen(channel, callback) {
      ensureChannel(channel);
      // LISTEN runs on the one session, so it waits its turn like any query: run inside someone
      // else's transaction, a rollback there would silently undo it.
      const release = await lock.acquire();
      let unlisten: () => Promise<void>;
      try {
        unlisten = await pglite.listen(channel, callback);
      } finally {
        release();
      }
      return async () => {
        if (pglite.closed) return;
        const again = await lock.acquire();
        try {
          await unlisten();
        } finally {
          again();
        }
      };
    },
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
