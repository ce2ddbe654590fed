import { type ChainBreak, ChainVerifier, describeChainBreak, type JsonObject } from '@lantern/core';
import { nodeSha256Hex } from '../crypto/sha256.js';
import type { Database } from '../storage/database.js';
import { type AuditCategory, type AuditOutcome, auditHashContent } from './auditLog.js';

const PAGE = 5000;

export interface AuditChainReport {
  chainId: string;
  entries: number;
  broken: ChainBreak | null;
}

/** Walks every audit chain like the event chains: the first edited, missing or moved entry. */
export async function verifyAuditChains(
  database: Database,
  onProgress?: (n: number) => void,
): Promise<{ ok: boolean; chains: AuditChainReport[]; problems: string[]; checked: number }> {
  const { db } = database;
  const heads = await db.selectFrom('audit_chain_heads').selectAll().orderBy('chain_id').execute();
  const chains: AuditChainReport[] = [];
  let checked = 0;
  for (const head of heads) {
    const v = new ChainVerifier(head.chain_id, nodeSha256Hex);
    let broken: ChainBreak | null = null;
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('chain_id', '=', head.chain_id)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        const recordedAt = new Date(r.recorded_at).toISOString();
        broken = v.checkLink({ seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash }, (prev) =>
          nodeSha256Hex(
            prev +
              auditHashContent(head.chain_id, Number(r.seq), r.id, recordedAt, {
                orgId: r.org_id,
                category: r.category as AuditCategory,
                action: r.action,
                outcome: r.outcome as AuditOutcome,
                userId: r.user_id,
                username: r.username,
                role: r.role,
                patientId: r.patient_id,
                entityType: r.entity_type,
                entityId: r.entity_id,
                sourceIp: r.source_ip,
                userAgent: r.user_agent,
                deviceId: r.device_id,
                requestId: r.request_id,
                detail: r.detail as JsonObject,
              }),
          ),
        );
        if (broken) break;
      }
      checked += rows.length;
      onProgress?.(checked);
      if (broken || rows.length < PAGE) break;
      after = Number(rows[rows.length - 1]?.seq);
    }
    if (!broken) broken = v.checkHead(Number(head.seq), head.hash);
    chains.push({ chainId: head.chain_id, entries: v.checked, broken });
  }
  const problems = chains.flatMap((c) => (c.broken ? [`audit ${describeChainBreak(c.broken)}`] : []));
  return { ok: problems.length === 0, chains, problems, checked };
}
