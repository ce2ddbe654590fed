import type { StoredEvent } from '@lantern/core';
import type { Kysely } from 'kysely';
import type { DB } from '../storage/schema.js';
import { rowToEvent } from './rows.js';

/**
 * An organisation's events in seq order, a page at a time (keyset paging on the primary key),
 * so verification, rebuilds and backups walk millions of rows in constant memory.
 */
export async function* eventPages(
  db: Kysely<DB>,
  orgId: string,
  pageSize = 5000,
  afterSeq = 0,
): AsyncGenerator<StoredEvent[]> {
  let after = afterSeq;
  for (;;) {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(rowToEvent);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]?.seq);
  }
}

/** One stream's events up to a version, in order: what a projection refolds from. */
export async function readStreamUpTo(
  db: Kysely<DB>,
  orgId: string,
  streamId: string,
  upToVersion: number,
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('stream_id', '=', streamId)
    .where('stream_version', '<=', upToVersion)
    .orderBy('stream_version')
    .execute();
  return rows.map(rowToEvent);
}
