/**
 * The manifest: what a backup holds, written last as `manifest.json` and signed (Ed25519 over its
 * exact bytes) in `manifest.sig`. It lists every chunk with its size and SHA-256, the row count
 * of every table, the per-chain heads the snapshot saw, the schema and Lantern versions, and for
 * an incremental backup the base it continues (by id and by the SHA-256 of the base's manifest).
 *
 * A backup repository is a directory of backups, one sub-directory each, named so that they sort
 * by time: `20261129T101500Z-full-1a2b3c4d`. A backup is written into `<name>.partial` and renamed
 * when complete, so a half-written backup is never mistaken for one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { KdfParams } from './backupCrypto.js';
import type { TableRole } from './tables.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const FORMAT = 'lantern-backup';
export const FORMAT_VERSION = 1;

export interface ChainHead {
  /** Organisation id (event chains) or audit chain id. */
  chain: string;
  /** The head: the last seq and its hash (seq 0 and the genesis hash for an empty chain). */
  seq: number;
  hash: string;
  /** The first seq this backup holds for the chain (base head + 1; 1 in a full backup). */
  fromSeq: number;
}

export interface ChunkRange {
  chain: string;
  from: number;
  to: number;
}

export interface ChunkEntry {
  /** 1-based position in the backup. */
  index: number;
  file: string;
  table: string;
  role: TableRole;
  rows: number;
  /** Size of the file (sealed ciphertext) and its SHA-256. */
  bytes: number;
  sha256: string;
  /** For log tables: the seq range of each chain inside this chunk. */
  ranges?: ChunkRange[];
}

export interface TableEntry {
  role: TableRole;
  rows: number;
  columns: string[];
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  id: string;
  kind: 'full' | 'incremental';
  createdAt: string;
  lanternVersion: string;
  schemaVersion: number;
  engine: string;
  base: { id: string; dir: string; manifestSha256: string } | null;
  crypto: {
    kdf: KdfParams;
    cipher: 'aes-256-gcm';
    compression: 'br';
    signature: { alg: 'Ed25519'; publicKey: string };
  };
  /** Why each table of the database is or is not in the backup (the rule in tables.ts). */
  excluded: Record<string, string>;
  tables: Record<string, TableEntry>;
  chains: { events: ChainHead[]; audit: ChainHead[] };
  chunks: ChunkEntry[];
  totals: { rows: number; bytes: number; rawBytes: number };
}

export interface BackupOnDisk {
  dir: string;
  manifestBytes: Buffer;
  manifest: Manifest;
  signature: string | null;
}

export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

export function backupDirName(createdAt: Date, kind: Manifest['kind'], id: string): string {
  const stamp = createdAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${stamp}-${kind}-${id.replace(/-/g, '').slice(-8)}`;
}

export function isBackupDir(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE));
}

/** Reads a backup's manifest (not yet trusted: the signature is checked by verification). */
export function readBackup(dir: string): BackupOnDisk {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new BackupFormatError(`${dir} is not a Lantern backup (no ${MANIFEST_FILE})`);
  const manifestBytes = readFileSync(path);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  } catch {
    throw new BackupFormatError(`${path} is not valid JSON: the manifest is damaged`);
  }
  if (manifest?.format !== FORMAT || typeof manifest.id !== 'string' || !Array.isArray(manifest.chunks))
    throw new BackupFormatError(`${path} is not a Lantern backup manifest`);
  // Names that come from the manifest become paths: allow only the shapes Lantern writes, before
  // the signature is checked (a forged manifest must not point outside the backup).
  const badFile = manifest.chunks.find(
    (c) => typeof c?.file !== 'string' || !/^chunks\/\d{6}\.bin$/.test(c.file),
  );
  if (badFile || (manifest.base && !/^[0-9A-Za-z-]{1,80}$/.test(String(manifest.base.dir))))
    throw new BackupFormatError(`${path} names a file outside the backup: the manifest is damaged or forged`);
  if (manifest.formatVersion > FORMAT_VERSION)
    throw new BackupFormatError(
      `${dir} was written by a newer Lantern (backup format ${manifest.formatVersion}); use that version to restore it`,
    );
  const sigPath = join(dir, SIGNATURE_FILE);
  const signature = existsSync(sigPath) ? readFileSync(sigPath, 'utf8').trim() : null;
  return { dir: resolve(dir), manifestBytes, manifest, signature };
}

/** The complete backups in a repository, oldest first (partial ones are ignored). */
export function listBackups(repository: string): BackupOnDisk[] {
  if (!existsSync(repository)) return [];
  return readdirSync(repository, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.endsWith('.partial') && isBackupDir(join(repository, d.name)))
    .map((d) => d.name)
    .sort()
    .flatMap((name) => {
      try {
        return [readBackup(join(repository, name))];
      } catch {
        return [];
      }
    });
}

/**
 * A backup and the bases it continues, oldest (the full backup) first. Bases are looked for in
 * the same repository (the backup's parent directory). `from` may also be a repository, which
 * means its newest backup.
 */
export function resolveBackupSet(from: string): BackupOnDisk[] {
  let dir = resolve(from);
  if (!isBackupDir(dir)) {
    const newest = listBackups(dir).at(-1);
    if (!newest) throw new BackupFormatError(`no Lantern backup in ${from}`);
    dir = newest.dir;
  }
  const set: BackupOnDisk[] = [readBackup(dir)];
  for (let current = set[0] as BackupOnDisk; current.manifest.base; ) {
    const base = current.manifest.base;
    const beside = join(dirname(current.dir), base.dir);
    const candidate = isBackupDir(beside)
      ? readBackup(beside)
      : listBackups(dirname(current.dir)).find((b) => b.manifest.id === base.id);
    if (!candidate || candidate.manifest.id !== base.id)
      throw new BackupFormatError(
        `backup ${basename(current.dir)} is incremental and its base ${base.dir} (${base.id}) is not beside it in ${dirname(current.dir)}`,
      );
    if (set.some((b) => b.manifest.id === candidate.manifest.id))
      throw new BackupFormatError(`backup ${base.dir} is its own base: the manifests are damaged`);
    set.unshift(candidate);
    current = candidate;
  }
  return set;
}
