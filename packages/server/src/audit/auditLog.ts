/**
 * The audit log: who did what to which record, when, from where, and whether it was allowed,
 * in FHIR AuditEvent shape, hash-chained per organisation like the event log.
 * Constraints: every read of patient data writes an entry, so entries are group-committed per
 * chain (many concurrent requests share one transaction); and an entry is committed before the
 * response leaves (callers await record()), so killing the process after a response can never
 * lose the entry for it. Nothing in Lantern updates or deletes an entry; the database refuses
 * it too.
 */
import { canonicalJson, GENESIS_HASH, type JsonObject, newId } from '@lantern/core';
import { sql } from 'kysely';
import { nodeSha256Hex } from '../crypto/sha256.js';
import type { Tx } from '../eventlog/projections.js';
import type { Database } from '../storage/database.js';
import { type BatchOutcome, GroupCommitQueue } from '../storage/groupCommit.js';

/** The chain for entries that belong to no organisation (e.g. a login for an unknown user). */
export const NO_ORG_CHAIN = '00000000-0000-0000-0000-000000000000';

export type AuditCategory =
  | 'authentication'
  | 'authorisation'
  | 'patient-record'
  | 'administration'
  | 'system';
export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditEntry {
  orgId: string | null;
  category: AuditCategory;
  /** What was done: login, mfa-verify, read, search, create, update, break-glass, access... */
  action: string;
  outcome: AuditOutcome;
  userId?: string | null;
  username?: string | null;
  role?: string | null;
  patientId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  sourceIp?: string | null;
  userAgent?: string | null;
  deviceId?: string | null;
  requestId?: string | null;
  detail?: JsonObject;
}

export interface RecordedAudit {
  id: string;
  chainId: string;
  seq: number;
  hash: string;
  recordedAt: string;
}

/** Everything the hash covers, in one canonical shape (also used by verification). */
export function auditHashContent(
  chainId: string,
  seq: number,
  id: string,
  recordedAt: string,
  e: AuditEntry,
): string {
  return canonicalJson({
    chainId,
    seq,
    id,
    recordedAt,
    orgId: e.orgId,
    category: e.category,
    action: e.action,
    outcome: e.outcome,
    userId: e.userId ?? null,
    username: e.username ?? null,
    role: e.role ?? null,
    patientId: e.patientId ?? null,
    entityType: e.entityType ?? null,
    entityId: e.entityId ?? null,
    sourceIp: e.sourceIp ?? null,
    userAgent: e.userAgent ?? null,
    deviceId: e.deviceId ?? null,
    requestId: e.requestId ?? null,
    detail: e.detail ?? {},
  });
}

const MAX_BATCH = 1000;

export class AuditLog {
  private readonly queue: GroupCommitQueue<AuditEntry, RecordedAudit>;

  constructor(
    private readonly database: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.queue = new GroupCommitQueue(
      (chainId, entries) => this.commit(chainId, entries),
      () => 1,
      MAX_BATCH,
    );
  }

  /** Records an entry; resolves once it is committed. */
  record(entry: AuditEntry): Promise<RecordedAudit> {
    return this.queue.submit(entry.orgId ?? NO_ORG_CHAIN, entry);
  }

  private commit(chainId: string, entries: AuditEntry[]): Promise<BatchOutcome<RecordedAudit>[]> {
    return this.database.db.transaction().execute(async (tx) => {
      const head = await lockAuditHead(tx, chainId);
      const recordedAt = this.now().toISOString();
      const rows = entries.map((e) => {
        head.seq += 1;
        const id = newId();
        const prevHash = head.hash;
        head.hash = nodeSha256Hex(prevHash + auditHashContent(chainId, head.seq, id, recordedAt, e));
        return {
          chain_id: chainId,
          seq: head.seq,
          id,
          recorded_at: recordedAt,
          org_id: e.orgId,
          category: e.category,
          action: e.action,
          outcome: e.outcome,
          user_id: e.userId ?? null,
          username: e.username ?? null,
          role: e.role ?? null,
          patient_id: e.patientId ?? null,
          entity_type: e.entityType ?? null,
          entity_id: e.entityId ?? null,
          source_ip: e.sourceIp ?? null,
          user_agent: e.userAgent ?? null,
          device_id: e.deviceId ?? null,
          request_id: e.requestId ?? null,
          detail: canonicalJson(e.detail ?? {}),
          prev_hash: prevHash,
          hash: head.hash,
        };
      });
      await tx
        .with('inserted', (db) => db.insertInto('audit_events').values(rows))
        .updateTable('audit_chain_heads')
        .set({ seq: head.seq, hash: head.hash })
        .where('chain_id', '=', chainId)
        .execute();
      return rows.map((r) => ({ ok: { id: r.id, chainId, seq: r.seq, hash: r.hash, recordedAt } }));
    });
  }
}

async function lockAuditHead(tx: Tx, chainId: string): Promise<{ seq: number; hash: string }> {
  const select = () =>
    tx
      .selectFrom('audit_chain_heads')
      .select(['seq', 'hash'])
      .where('chain_id', '=', chainId)
      .forUpdate()
      .executeTakeFirst();
  let head = await select();
  if (!head) {
    await sql`INSERT INTO audit_chain_heads (chain_id, seq, hash) VALUES (${chainId}, 0, ${GENESIS_HASH}) ON CONFLICT DO NOTHING`.execute(
      tx,
    );
    head = await select();
  }
  if (!head) throw new Error('audit chain head could not be created');
  return { seq: Number(head.seq), hash: head.hash };
}
