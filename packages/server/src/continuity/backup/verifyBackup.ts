/**
 * `lantern verify --backup`: proves a backup is whole and authentic without touching any
 * database. For a backup and each base it continues (oldest first):
 *   1. the manifest's Ed25519 signature, with the key derived from the passphrase;
 *   2. every chunk: present, the right size, the right SHA-256, authentic (AES-GCM tag),
 *      decompressible, the right number of rows;
 *   3. every event and audit hash chain walked from genesis, across the full backup and its
 *      incrementals in order, and checked against each manifest's heads.
 * Problems are collected, not thrown, so one run names every damaged chunk and broken link.
 * A chain that meets a damaged chunk is not checked further (its next rows would only repeat
 * the same news as a "gap").
 */
import {
  type ChainBreak,
  ChainVerifier,
  describeChainBreak,
  type JsonObject,
  type StoredEvent,
} from '@lantern/core';
import type { Selectable } from 'kysely';
import { type AuditCategory, type AuditOutcome, auditHashContent } from '../../audit/auditLog.js';
import { nodeSha256Hex } from '../../crypto/sha256.js';
import { rowToEvent } from '../../eventlog/rows.js';
import type { EventsTable } from '../../storage/schema.js';
import {
  type BackupKeys,
  deriveBackupKeys,
  keyFingerprint,
  sha256Hex,
  verifySignature,
} from './backupCrypto.js';
import type { BackupOnDisk, ChainHead, ChunkEntry } from './manifest.js';
import { type ChunkProblemKind, type ChunkRead, describeChunk, readChunk } from './readChunk.js';
import { LOG_TABLES } from './tables.js';

export type LogName = 'events' | 'audit';

export type BackupProblemKind =
  | 'signature-missing'
  | 'wrong-passphrase'
  | 'manifest-altered'
  | 'base-mismatch'
  | ChunkProblemKind
  | 'row-count'
  | 'chain-break'
  | 'head-mismatch';

export interface BackupProblem {
  kind: BackupProblemKind;
  message: string;
  backup: string;
  chunk?: number;
  log?: LogName;
  chain?: string;
  seq?: number;
}

export interface LogRowSeen {
  log: LogName;
  chain: string;
  seq: number;
  hash: string;
  recordedAt: string;
}

export interface VerifyBackupOptions {
  passphrase: string;
  onProgress?: (rows: number) => void;
  /** Every log row, in chain order, once it has verified (restore finds its cut-offs with it). */
  onLogRow?: (row: LogRowSeen) => void;
}

export interface BackupVerifyReport {
  ok: boolean;
  set: BackupOnDisk[];
  /** Keys per backup id, derived once (a restore reuses them). */
  keys: Map<string, BackupKeys>;
  fingerprint: string | null;
  problems: BackupProblem[];
  chunks: number;
  rows: number;
  bytes: number;
  /** The final heads the chains were verified to (the newest backup's manifest). */
  heads: { events: ChainHead[]; audit: ChainHead[] };
}

function nameOf(b: BackupOnDisk): string {
  return b.dir.split(/[\\/]/).pop() ?? b.manifest.id;
}

/** Checks the signatures and links of a backup set; returns its keys, or the problems. */
export async function openBackupSet(
  set: BackupOnDisk[],
  passphrase: string,
): Promise<{ keys: Map<string, BackupKeys>; problems: BackupProblem[] }> {
  const keys = new Map<string, BackupKeys>();
  const problems: BackupProblem[] = [];
  for (const [i, b] of set.entries()) {
    const backup = nameOf(b);
    const derived = await deriveBackupKeys(passphrase, b.manifest.crypto.kdf);
    if (!b.signature) {
      problems.push({ kind: 'signature-missing', backup, message: `backup ${backup} has no manifest.sig` });
    } else if (derived.publicKey !== b.manifest.crypto.signature.publicKey) {
      problems.push({
        kind: 'wrong-passphrase',
        backup,
        message: `backup ${backup}: the passphrase does not open it (its key differs from the one the backup was signed with)`,
      });
    } else if (!verifySignature(derived.publicKey, b.manifestBytes, b.signature)) {
      problems.push({
        kind: 'manifest-altered',
        backup,
        message: `backup ${backup}: manifest.json was altered after it was signed (the Ed25519 signature does not verify)`,
      });
    }
    const base = set[i - 1];
    if (base && b.manifest.base && sha256Hex(base.manifestBytes) !== b.manifest.base.manifestSha256) {
      problems.push({
        kind: 'base-mismatch',
        backup,
        message: `backup ${backup} continues a base ${b.manifest.base.dir} whose manifest is not the one beside it`,
      });
    }
    keys.set(b.manifest.id, derived);
  }
  return { keys, problems };
}

/** The hash an audit row should carry, recomputed exactly as `lantern verify` does. */
function auditRowHash(chainId: string, r: Record<string, unknown>, prevHash: string): string {
  return nodeSha256Hex(
    prevHash +
      auditHashContent(
        chainId,
        Number(r.seq),
        r.id as string,
        new Date(r.recorded_at as string).toISOString(),
        {
          orgId: (r.org_id as string | null) ?? null,
          category: r.category as AuditCategory,
          action: r.action as string,
          outcome: r.outcome as AuditOutcome,
          userId: r.user_id as string | null,
          username: r.username as string | null,
          role: r.role as string | null,
          patientId: r.patient_id as string | null,
          entityType: r.entity_type as string | null,
          entityId: r.entity_id as string | null,
          sourceIp: r.source_ip as string | null,
          userAgent: r.user_agent as string | null,
          deviceId: r.device_id as string | null,
          requestId: r.request_id as string | null,
          detail: r.detail as JsonObject,
        },
      ),
  );
}

class ChainWalk {
  readonly verifiers = new Map<string, ChainVerifier>();
  /** Chains not checked further: already broken, or behind a damaged chunk. */
  readonly stopped = new Set<string>();

  constructor(readonly log: LogName) {}

  verifier(chain: string): ChainVerifier {
    let v = this.verifiers.get(chain);
    if (!v) {
      v = new ChainVerifier(chain, nodeSha256Hex);
      this.verifiers.set(chain, v);
    }
    return v;
  }

  check(row: Record<string, unknown>): { chain: string; seq: number; broken: ChainBreak | null } {
    if (this.log === 'events') {
      const e: StoredEvent = rowToEvent(row as unknown as Selectable<EventsTable>);
      return { chain: e.orgId, seq: e.seq, broken: this.verifier(e.orgId).check(e) };
    }
    const chain = row.chain_id as string;
    const seq = Number(row.seq);
    const broken = this.verifier(chain).checkLink(
      { seq, prevHash: row.prev_hash as string, hash: row.hash as string },
      (prev) => auditRowHash(chain, row, prev),
    );
    return { chain, seq, broken };
  }
}

export async function verifyBackupSet(
  set: BackupOnDisk[],
  options: VerifyBackupOptions,
): Promise<BackupVerifyReport> {
  const newest = set[set.length - 1] as BackupOnDisk;
  const { keys, problems } = await openBackupSet(set, options.passphrase);
  const report: BackupVerifyReport = {
    ok: false,
    set,
    keys,
    fingerprint: keys.get(newest.manifest.id)
      ? keyFingerprint((keys.get(newest.manifest.id) as BackupKeys).publicKey)
      : null,
    problems,
    chunks: 0,
    rows: 0,
    bytes: 0,
    heads: newest.manifest.chains,
  };
  // An unauthentic manifest's chunk list means nothing: stop here.
  if (problems.length > 0) return report;

  const walks: Record<LogName, ChainWalk> = {
    events: new ChainWalk('events'),
    audit: new ChainWalk('audit'),
  };
  for (const b of set) {
    const backup = nameOf(b);
    const key = (keys.get(b.manifest.id) as BackupKeys).encryptionKey;
    const counted = new Map<string, number>();
    const reads = b.manifest.chunks.map(() => null as Promise<ChunkRead> | null);
    const start = (i: number) => {
      const entry = b.manifest.chunks[i];
      if (entry && !reads[i]) reads[i] = readChunk(b, entry, key);
    };
    for (const [i, entry] of b.manifest.chunks.entries()) {
      start(i);
      start(i + 1); // read ahead: the next chunk decrypts while this one is walked
      const read = await (reads[i] as Promise<ChunkRead>);
      reads[i] = null;
      report.chunks += 1;
      counted.set(entry.table, (counted.get(entry.table) ?? 0) + entry.rows);
      const log = logOf(entry);
      if (!read.ok) {
        problems.push({ ...read.problem, backup, chunk: entry.index });
        if (log) for (const r of entry.ranges ?? []) walks[log].stopped.add(r.chain);
        continue;
      }
      report.bytes += read.bytes;
      if (log) walkChunk(b, entry, read.lines, walks[log], problems, options);
      report.rows += read.lines.length;
      options.onProgress?.(report.rows);
    }
    for (const [table, t] of Object.entries(b.manifest.tables)) {
      if ((counted.get(table) ?? 0) !== t.rows)
        problems.push({
          kind: 'row-count',
          backup,
          message: `backup ${backup}: table ${table} should hold ${t.rows} rows, its chunks list ${counted.get(table) ?? 0}`,
        });
    }
    for (const log of ['events', 'audit'] as const)
      checkHeads(backup, b.manifest.chains[log], walks[log], problems);
  }
  report.ok = problems.length === 0;
  return report;
}

function logOf(entry: ChunkEntry): LogName | null {
  if (entry.role === 'event-log') return 'events';
  if (entry.role === 'audit-log') return 'audit';
  return null;
}

function walkChunk(
  b: BackupOnDisk,
  entry: ChunkEntry,
  lines: string[],
  walk: ChainWalk,
  problems: BackupProblem[],
  options: VerifyBackupOptions,
): void {
  const chainColumn =
    walk.log === 'events' ? LOG_TABLES.events?.chainColumn : LOG_TABLES.audit_events?.chainColumn;
  for (const line of lines) {
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      problems.push({
        kind: 'chunk-unreadable',
        backup: nameOf(b),
        chunk: entry.index,
        message: `${describeChunk(b, entry)} holds a row that is not JSON`,
      });
      for (const r of entry.ranges ?? []) walk.stopped.add(r.chain);
      return;
    }
    const chain = String(row[chainColumn as string]);
    if (walk.stopped.has(chain)) continue;
    const checked = walk.check(row);
    if (checked.broken) {
      walk.stopped.add(chain);
      problems.push({
        kind: 'chain-break',
        backup: nameOf(b),
        chunk: entry.index,
        log: walk.log,
        chain,
        seq: checked.seq,
        message: `${walk.log === 'audit' ? 'audit' : 'event'} chain broken: ${describeChainBreak(checked.broken)} [${describeChunk(b, entry)}]`,
      });
      continue;
    }
    options.onLogRow?.({
      log: walk.log,
      chain,
      seq: checked.seq,
      hash: row.hash as string,
      recordedAt: new Date(row.recorded_at as string).toISOString(),
    });
  }
}

function checkHeads(backup: string, heads: ChainHead[], walk: ChainWalk, problems: BackupProblem[]): void {
  const named = new Set(heads.map((h) => h.chain));
  for (const head of heads) {
    if (walk.stopped.has(head.chain)) continue;
    const broken = walk.verifier(head.chain).checkHead(head.seq, head.hash);
    if (broken)
      problems.push({
        kind: 'head-mismatch',
        backup,
        log: walk.log,
        chain: head.chain,
        seq: head.seq,
        message: `${walk.log === 'audit' ? 'audit' : 'event'} chain of backup ${backup}: ${describeChainBreak(broken)}`,
      });
  }
  for (const chain of walk.verifiers.keys())
    if (!named.has(chain) && !walk.stopped.has(chain))
      problems.push({
        kind: 'head-mismatch',
        backup,
        log: walk.log,
        chain,
        message: `${walk.log} chain ${chain} has rows in backup ${backup} but no head in its manifest`,
      });
}
