/**
 * `lantern backup`: a consistent, encrypted, signed, chunked copy of the event log, the audit log
 * and the reference data (the rule is in tables.ts). Constraints that shaped it:
 * 1) Consistent without stopping anyone: everything is read in one REPEATABLE READ, READ ONLY
 *    transaction. On PostgreSQL that is one MVCC snapshot, which never blocks writers; appends
 *    carry on, and the snapshot's chain heads match its rows because an append moves its head in
 *    the same transaction as its rows. (PGlite is one session: the backup has it to itself.)
 * 2) Exact: each row is copied as PostgreSQL's own `row_to_json` text (full-precision timestamps,
 *    jsonb as written), and loaded back by `json_populate_recordset`, so every column survives.
 * 3) Bounded memory: logs are read per chain by seq (keyset pages on the primary key), reference
 *    tables through a cursor, and written as chunks of at most 10,000 rows.
 * 4) Incremental: only log rows after the previous backup's head of each chain, after checking
 *    the database still continues that head (a database rolled back or replaced since is
 *    refused: take a full backup), plus a full copy of the reference tables.
 * 5) Written into `<name>.partial`, manifest last, then renamed: a crash leaves no half backup.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GENESIS_HASH, newId } from '@lantern/core';
import { sql } from 'kysely';
import type { ProjectionRegistry, Tx } from '../../eventlog/projections.js';
import type { Database } from '../../storage/database.js';
import { LANTERN_VERSION } from '../../version.js';
import {
  type BackupKeys,
  deriveBackupKeys,
  ensurePassphrase,
  keyFingerprint,
  newKdfParams,
  sha256Hex,
  signBytes,
} from './backupCrypto.js';
import { ChunkWriter, type RowText, writeFileDurably } from './chunkWriter.js';
import {
  type BackupOnDisk,
  backupDirName,
  type ChainHead,
  FORMAT,
  FORMAT_VERSION,
  listBackups,
  MANIFEST_FILE,
  type Manifest,
  SIGNATURE_FILE,
  type TableEntry,
} from './manifest.js';
import { LOG_TABLES, planTables, quoteIdent, type TablePlan } from './tables.js';
import { openBackupSet } from './verifyBackup.js';

export const CHUNK_ROWS = 10_000;
const PAGE_ROWS = 5_000;

export interface BackupOptions {
  /** The backup repository: each backup becomes a sub-directory of it. */
  repository: string;
  passphrase: string;
  incremental?: boolean;
  chunkRows?: number;
  now?: () => Date;
  /** Rows copied so far, out of `total` (known once the snapshot is open). */
  onProgress?: (done: number, total: number) => void;
}

export interface BackupReport {
  dir: string;
  manifest: Manifest;
  fingerprint: string;
  rows: number;
  bytes: number;
  rawBytes: number;
  seconds: number;
}

export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

export async function takeBackup(
  database: Database,
  projections: ProjectionRegistry,
  options: BackupOptions,
): Promise<BackupReport> {
  const started = performance.now();
  ensurePassphrase(options.passphrase);
  const repository = resolve(options.repository);
  await mkdir(repository, { recursive: true });
  const base = options.incremental ? await findBase(repository, options.passphrase) : null;

  const kdf = newKdfParams();
  const keys = await deriveBackupKeys(options.passphrase, kdf);
  const id = newId();
  const createdAt = (options.now ?? (() => new Date()))();
  const kind = base ? 'incremental' : 'full';
  const name = backupDirName(createdAt, kind, id);
  const partial = join(repository, `${name}.partial`);
  await mkdir(join(partial, 'chunks'), { recursive: true });
  const writer = new ChunkWriter(partial, id, keys.encryptionKey, options.chunkRows ?? CHUNK_ROWS);

  let snapshot: Snapshot;
  try {
    snapshot = await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((tx) => copySnapshot(tx, projections, writer, base, options.onProgress));
  } catch (err) {
    await writer.finish().catch(() => {});
    await rm(partial, { recursive: true, force: true });
    throw err;
  }

  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    id,
    kind,
    createdAt: createdAt.toISOString(),
    lanternVersion: LANTERN_VERSION,
    schemaVersion: snapshot.schemaVersion,
    engine: database.engine,
    base: base
      ? {
          id: base.manifest.id,
          dir: base.dir.split(/[\\/]/).pop() as string,
          manifestSha256: sha256Hex(base.manifestBytes),
        }
      : null,
    crypto: {
      kdf,
      cipher: 'aes-256-gcm',
      compression: 'br',
      signature: { alg: 'Ed25519', publicKey: keys.publicKey },
    },
    excluded: snapshot.excluded,
    tables: snapshot.tables,
    chains: snapshot.chains,
    chunks: writer.chunks,
    totals: {
      rows: writer.chunks.reduce((n, c) => n + c.rows, 0),
      bytes: writer.chunks.reduce((n, c) => n + c.bytes, 0),
      rawBytes: writer.rawBytes,
    },
  };
  await writeManifest(partial, manifest, keys);
  const dir = join(repository, name);
  await rename(partial, dir);
  return {
    dir,
    manifest,
    fingerprint: keyFingerprint(keys.publicKey),
    rows: manifest.totals.rows,
    bytes: manifest.totals.bytes,
    rawBytes: manifest.totals.rawBytes,
    seconds: (performance.now() - started) / 1000,
  };
}

export async function writeManifest(dir: string, manifest: Manifest, keys: BackupKeys): Promise<void> {
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  await writeFileDurably(join(dir, MANIFEST_FILE), bytes);
  await writeFileDurably(join(dir, SIGNATURE_FILE), `${signBytes(keys, bytes)}\n`);
}

/** The newest backup in the repository, authenticated with this passphrase. */
async function findBase(repository: string, passphrase: string): Promise<BackupOnDisk> {
  const base = listBackups(repository).at(-1);
  if (!base) throw new BackupRefused(`no backup in ${repository} to continue from: take a full backup first`);
  const { problems } = await openBackupSet([base], passphrase);
  if (problems.length > 0)
    throw new BackupRefused(
      `the newest backup in ${repository} cannot be the base of an incremental: ${problems.map((p) => p.message).join('; ')}`,
    );
  return base;
}

interface Snapshot {
  schemaVersion: number;
  excluded: Record<string, string>;
  tables: Record<string, TableEntry>;
  chains: Manifest['chains'];
}

async function copySnapshot(
  tx: Tx,
  projections: ProjectionRegistry,
  writer: ChunkWriter,
  base: BackupOnDisk | null,
  onProgress?: (done: number, total: number) => void,
): Promise<Snapshot> {
  const schema = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(
    tx,
  );
  if (!schema.rows[0]?.t)
    throw new BackupRefused('this database has no Lantern schema: there is nothing to back up');
  const version = await sql<{ v: number | null }>`SELECT max(version) AS v FROM schema_migrations`.execute(
    tx,
  );
  const { tables, excluded } = await planTables(tx, projections);
  const chains = {
    events: await chainHeads(tx, 'event_chain_heads', 'org_id', 'events', base?.manifest.chains.events),
    audit: await chainHeads(tx, 'audit_chain_heads', 'chain_id', 'audit_events', base?.manifest.chains.audit),
  };
  if (base) {
    await ensureContinues(tx, 'events', 'org_id', base.manifest.chains.events, chains.events);
    await ensureContinues(tx, 'audit_events', 'chain_id', base.manifest.chains.audit, chains.audit);
  }
  const entries: Record<string, TableEntry> = {};
  let total = 0;
  for (const t of tables) {
    const rows =
      t.role === 'reference'
        ? Number(
            (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t.name)}`.execute(tx))
              .rows[0]?.n,
          )
        : (t.name === 'events' ? chains.events : chains.audit).reduce(
            (n, c) => n + Math.max(0, c.seq - c.fromSeq + 1),
            0,
          );
    entries[t.name] = { role: t.role, rows, columns: t.columns };
    total += rows;
  }
  let done = 0;
  const progress = (n: number) => {
    done += n;
    onProgress?.(done, Math.max(total, done));
  };
  onProgress?.(0, total);
  const counts = new Map<string, number>();
  for (const t of orderForBackup(tables)) {
    const copied =
      t.role === 'reference'
        ? await copyTable(tx, t, writer, progress)
        : await copyLog(tx, t, t.name === 'events' ? chains.events : chains.audit, writer, progress);
    counts.set(t.name, copied);
  }
  await writer.finish();
  // Counts taken before the copy are only for the progress bar; the manifest says what was copied.
  for (const [name, n] of counts) (entries[name] as TableEntry).rows = n;
  return { schemaVersion: Number(version.rows[0]?.v ?? 0), excluded, tables: entries, chains };
}

/** Reference data first (a restore loads it first), then the event log, then the audit log. */
function orderForBackup(tables: TablePlan[]): TablePlan[] {
  const rank = (t: TablePlan) => (t.role === 'reference' ? 0 : t.role === 'event-log' ? 1 : 2);
  return [...tables].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

async function chainHeads(
  tx: Tx,
  headsTable: string,
  chainColumn: string,
  logTable: string,
  baseHeads: ChainHead[] | undefined,
): Promise<ChainHead[]> {
  const { rows } = await sql<{ chain: string; seq: number; hash: string }>`
    SELECT ${sql.ref(chainColumn)}::text AS chain, seq, hash FROM ${sql.table(headsTable)}
    UNION ALL
    SELECT DISTINCT l.${sql.ref(chainColumn)}::text, 0, '' FROM ${sql.table(logTable)} l
     WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(headsTable)} h
                        WHERE h.${sql.ref(chainColumn)} = l.${sql.ref(chainColumn)})
    ORDER BY chain`.execute(tx);
  const fromBase = new Map((baseHeads ?? []).map((h) => [h.chain, h.seq]));
  return rows.map((r) => ({
    chain: r.chain,
    seq: Number(r.seq),
    // '' marks a chain whose head row is missing; verification reports it.
    hash: r.hash,
    fromSeq: (fromBase.get(r.chain) ?? 0) + 1,
  }));
}

/** The database must still hold, at each base head, the very row the base ended with. */
async function ensureContinues(
  tx: Tx,
  logTable: string,
  chainColumn: string,
  baseHeads: ChainHead[],
  heads: ChainHead[],
): Promise<void> {
  const now = new Map(heads.map((h) => [h.chain, h]));
  const wanted = baseHeads.filter((h) => h.seq > 0);
  const { rows } = await sql<{ chain: string; hash: string | null }>`
    SELECT b.chain::text AS chain, l.hash
      FROM json_to_recordset(${JSON.stringify(wanted.map((h) => ({ chain: h.chain, seq: h.seq })))}::json)
           AS b(chain uuid, seq bigint)
      LEFT JOIN ${sql.table(logTable)} l ON l.${sql.ref(chainColumn)} = b.chain AND l.seq = b.seq`.execute(
    tx,
  );
  const found = new Map(rows.map((r) => [r.chain, r.hash]));
  for (const h of baseHeads) {
    const current = now.get(h.chain);
    const hash = h.seq === 0 ? GENESIS_HASH : found.get(h.chain);
    if (!current || current.seq < h.seq || (h.seq > 0 && hash !== h.hash))
      throw new BackupRefused(
        `the ${logTable} chain ${h.chain} no longer continues the base backup (it held seq ${h.seq}); the database was changed or replaced since: take a full backup`,
      );
  }
}

async function copyLog(
  tx: Tx,
  table: TablePlan,
  heads: ChainHead[],
  writer: ChunkWriter,
  progress: (n: number) => void,
): Promise<number> {
  const chainColumn = LOG_TABLES[table.name]?.chainColumn as string;
  let copied = 0;
  for (const head of heads) {
    let after = head.fromSeq - 1;
    for (;;) {
      // Not bounded by the head: rows past it (a damaged head) are copied for verify to report.
      const { rows } = await sql<{ seq: number; j: string }>`
        SELECT t.seq, row_to_json(t)::text AS j FROM ${sql.table(table.name)} t
         WHERE t.${sql.ref(chainColumn)} = ${head.chain} AND t.seq > ${after}
         ORDER BY t.seq LIMIT ${PAGE_ROWS}`.execute(tx);
      if (rows.length === 0) break;
      await writer.add(
        table.name,
        table.role,
        rows.map((r): RowText => ({ json: r.j, chain: head.chain, seq: Number(r.seq) })),
      );
      copied += rows.length;
      progress(rows.length);
      after = Number(rows[rows.length - 1]?.seq);
      if (rows.length < PAGE_ROWS) break;
    }
  }
  return copied;
}

async function copyTable(
  tx: Tx,
  table: TablePlan,
  writer: ChunkWriter,
  progress: (n: number) => void,
): Promise<number> {
  const cursor = 'lantern_backup_cursor';
  await sql
    .raw(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${quoteIdent(table.name)} t`,
    )
    .execute(tx);
  let copied = 0;
  for (;;) {
    const { rows } = await sql.raw<{ j: string }>(`FETCH FORWARD ${PAGE_ROWS} FROM ${cursor}`).execute(tx);
    if (rows.length > 0)
      await writer.add(
        table.name,
        table.role,
        rows.map((r) => ({ json: r.j })),
      );
    copied += rows.length;
    progress(rows.length);
    if (rows.length < PAGE_ROWS) break;
  }
  await sql.raw(`CLOSE ${cursor}`).execute(tx);
  return copied;
}
