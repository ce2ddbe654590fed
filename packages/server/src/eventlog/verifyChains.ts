/**
 * Walks every organisation's hash chain from genesis, in pages, and reports the first broken
 * link of each chain: an edited row (hash mismatch), a deleted or moved row (seq gap or a
 * prev_hash that does not link) and a truncated tail (the chain head points past the end).
 */
import { type ChainBreak, ChainVerifier, describeChainBreak } from '@lantern/core';
import { nodeSha256Hex } from '../crypto/sha256.js';
import type { Database } from '../storage/database.js';
import { eventPages } from './readEvents.js';

const PAGE = 5000;

export interface ChainReport {
  orgId: string;
  events: number;
  headSeq: number;
  headHash: string;
  broken: ChainBreak | null;
}

export interface VerifyReport {
  ok: boolean;
  chains: ChainReport[];
  eventsChecked: number;
  problems: string[];
}

export async function countEvents(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function verifyChains(
  database: Database,
  onProgress?: (checked: number) => void,
): Promise<VerifyReport> {
  const { db } = database;
  const heads = await db.selectFrom('event_chain_heads').select(['org_id', 'seq', 'hash']).execute();
  const orgsWithEvents = await db.selectFrom('events').select('org_id').distinct().execute();
  const orgIds = [...new Set([...heads.map((h) => h.org_id), ...orgsWithEvents.map((o) => o.org_id)])].sort();
  const chains: ChainReport[] = [];
  let eventsChecked = 0;
  for (const orgId of orgIds) {
    const verifier = new ChainVerifier(orgId, nodeSha256Hex);
    let broken: ChainBreak | null = null;
    for await (const page of eventPages(db, orgId, PAGE)) {
      for (const event of page) {
        broken = verifier.check(event);
        if (broken) break;
      }
      eventsChecked += page.length;
      onProgress?.(eventsChecked);
      if (broken) break;
    }
    const head = heads.find((h) => h.org_id === orgId);
    if (!broken) {
      broken = head
        ? verifier.checkHead(Number(head.seq), head.hash)
        : {
            kind: 'head-mismatch',
            orgId,
            headSeq: 0,
            lastSeq: verifier.lastSeq,
            detail: 'the chain head row is missing',
          };
    }
    chains.push({
      orgId,
      events: verifier.checked,
      headSeq: Number(head?.seq ?? 0),
      headHash: head?.hash ?? '',
      broken,
    });
  }
  const problems = chains.flatMap((c) => (c.broken ? [describeChainBreak(c.broken)] : []));
  return { ok: problems.length === 0, chains, eventsChecked, problems };
}
