/**
 * Steps 4 and 5 of a restore, both idempotent (a resumed restore runs them again): move the chain
 * heads to a point-in-time cut, then check that every chain in the restored database verifies and
 * ends where the backup (or the cut) says, and count what is there.
 */
import { GENESIS_HASH } from '@lantern/core';
import { sql } from 'kysely';
import { verifyAuditChains } from '../../audit/verifyAudit.js';
import { verifyChains } from '../../eventlog/verifyChains.js';
import type { Database } from '../../storage/database.js';
import type { BackupOnDisk } from '../backup/manifest.js';
import type { Cuts } from './until.js';

export interface RestoredHeads {
  events: { chain: string; seq: number; hash: string }[];
  audit: { chain: string; seq: number; hash: string }[];
}

/** After a point-in-time restore the heads point at the last row kept of each chain. */
export async function moveHeads(database: Database, cuts: Cuts): Promise<void> {
  const list = (m: Map<string, number>) => JSON.stringify([...m].map(([chain, seq]) => ({ chain, seq })));
  await database.db.transaction().execute(async (tx) => {
    await sql`
      UPDATE event_chain_heads h
         SET seq = c.seq, hash = COALESCE(e.hash, ${GENESIS_HASH}), updated_at = COALESCE(e.recorded_at, h.updated_at)
        FROM json_to_recordset(${list(cuts.events)}::json) AS c(chain uuid, seq bigint)
        LEFT JOIN events e ON e.org_id = c.chain AND e.seq = c.seq
       WHERE h.org_id = c.chain`.execute(tx);
    await sql`
      UPDATE audit_chain_heads h
         SET seq = c.seq, hash = COALESCE(a.hash, ${GENESIS_HASH})
        FROM json_to_recordset(${list(cuts.audit)}::json) AS c(chain uuid, seq bigint)
        LEFT JOIN audit_events a ON a.chain_id = c.chain AND a.seq = c.seq
       WHERE h.chain_id = c.chain`.execute(tx);
  });
}

/** Every chain in the database verifies, and its head is where the backup (or the cut) says. */
export async function checkRestored(
  database: Database,
  newest: BackupOnDisk,
  cuts: Cuts,
  cut: boolean,
  onProgress?: (n: number) => void,
): Promise<RestoredHeads> {
  const events = await verifyChains(database, onProgress);
  const audit = await verifyAuditChains(database);
  const problems = [...events.problems, ...audit.problems];
  const heads = {
    events: (
      await database.db
        .selectFrom('event_chain_heads')
        .select(['org_id', 'seq', 'hash'])
        .orderBy('org_id')
        .execute()
    ).map((h) => ({ chain: h.org_id, seq: Number(h.seq), hash: h.hash })),
    audit: (
      await database.db
        .selectFrom('audit_chain_heads')
        .select(['chain_id', 'seq', 'hash'])
        .orderBy('chain_id')
        .execute()
    ).map((h) => ({ chain: h.chain_id, seq: Number(h.seq), hash: h.hash })),
  };
  for (const log of ['events', 'audit'] as const) {
    const expected = newest.manifest.chains[log];
    const found = new Map(heads[log].map((h) => [h.chain, h]));
    for (const h of expected) {
      const head = found.get(h.chain);
      const seq = cuts[log].get(h.chain) ?? h.seq;
      if (!head || head.seq !== seq || (!cut && head.hash !== h.hash))
        problems.push(
          `${log} chain ${h.chain}: restored head ${head ? `seq ${head.seq}` : 'missing'}, expected seq ${seq}`,
        );
    }
    if (heads[log].length !== expected.length)
      problems.push(`${log}: ${heads[log].length} chain heads restored, the backup has ${expected.length}`);
  }
  if (problems.length > 0) throw new Error(`the restored database does not verify: ${problems.join('; ')}`);
  return heads;
}

export async function countRows(database: Database, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of [...new Set(tables)].sort()) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(
      database.db,
    );
    counts[t] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}
