/**
 * Reading one chunk back: presence, size and SHA-256 against the manifest, then AES-GCM
 * authentication, decompression and the row count. Each failure is reported as what it is
 * (missing, truncated, altered, unreadable) with the chunk it concerns, never as a stack trace.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';
import { openChunk, sha256Hex } from './backupCrypto.js';
import { chunkAad } from './chunkWriter.js';
import type { BackupOnDisk, ChunkEntry } from './manifest.js';

const decompress = promisify(brotliDecompress);

export type ChunkProblemKind =
  | 'chunk-missing'
  | 'chunk-truncated'
  | 'chunk-oversized'
  | 'chunk-altered'
  | 'chunk-unauthenticated'
  | 'chunk-unreadable';

export interface ChunkProblem {
  kind: ChunkProblemKind;
  message: string;
}

export type ChunkRead = { ok: true; lines: string[]; bytes: number } | { ok: false; problem: ChunkProblem };

export function describeChunk(backup: BackupOnDisk, entry: ChunkEntry): string {
  const name = backup.dir.split(/[\\/]/).pop();
  return `chunk ${entry.index}/${backup.manifest.chunks.length} of backup ${name} (${entry.table}, ${entry.file})`;
}

export async function readChunk(backup: BackupOnDisk, entry: ChunkEntry, key: Buffer): Promise<ChunkRead> {
  const what = describeChunk(backup, entry);
  const fail = (kind: ChunkProblemKind, message: string): ChunkRead => ({
    ok: false,
    problem: { kind, message: `${what} ${message}` },
  });
  let sealed: Buffer;
  try {
    sealed = await readFile(join(backup.dir, entry.file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fail('chunk-missing', 'is missing');
    return fail('chunk-unreadable', `cannot be read: ${(err as Error).message}`);
  }
  let packed: Buffer;
  try {
    packed = openChunk(key, chunkAad(backup.manifest.id, entry.index, entry.table), sealed);
  } catch {
    if (sealed.length < entry.bytes)
      return fail(
        'chunk-truncated',
        `is truncated: ${sealed.length} of ${entry.bytes} bytes (and so fails AES-GCM authentication)`,
      );
    if (sealed.length > entry.bytes)
      return fail(
        'chunk-oversized',
        `is ${sealed.length} bytes, the manifest says ${entry.bytes}: bytes were added (AES-GCM authentication fails)`,
      );
    if (sha256Hex(sealed) !== entry.sha256)
      return fail(
        'chunk-altered',
        'failed authentication (AES-GCM tag) and its SHA-256 differs from the manifest: the file was altered',
      );
    return fail(
      'chunk-unauthenticated',
      'matches its SHA-256 but fails AES-GCM authentication: it was not sealed with this passphrase',
    );
  }
  if (sealed.length !== entry.bytes || sha256Hex(sealed) !== entry.sha256)
    return fail('chunk-altered', 'authenticates but differs from the size or SHA-256 in the manifest');
  let text: string;
  try {
    text = (await decompress(packed)).toString('utf8');
  } catch (err) {
    return fail('chunk-unreadable', `does not decompress: ${(err as Error).message}`);
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== entry.rows)
    return fail('chunk-unreadable', `holds ${lines.length} rows, the manifest says ${entry.rows}`);
  return { ok: true, lines, bytes: sealed.length };
}
