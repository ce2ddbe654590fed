/**
 * Reads of the outbox read model. The sender's work list spans organisations (it is a trusted
 * internal reader, like the event store); everything a person reads is scoped to their
 * organisation and runs under row-level security (withTenant).
 */
import type { MessageState } from '@lantern/core';
import type { Kysely } from 'kysely';
import type { Tx } from '../eventlog/projections.js';
import type { DB } from '../storage/schema.js';
import './tables.js';

export interface OutboxRow {
  orgId: string;
  id: string;
  version: number;
  state: MessageState;
}

/** Messages that need the sender's attention by `now`, most overdue first. */
export async function listDueMessages(db: Kysely<DB>, now: Date, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['org_id', 'id', 'version', 'state'])
    .where('status', 'in', ['pending', 'in-flight', 'awaiting-ack', 'retry-wait', 'manual'])
    .where('next_due_at', '<=', now)
    .orderBy('next_due_at')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

export async function getMessage(tx: Tx, orgId: string, id: string): Promise<OutboxRow | null> {
  const row = await tx
    .selectFrom('outbox_messages')
    .select(['org_id', 'id', 'version', 'state'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRow(row) : null;
}

export async function listMessagesFor(tx: Tx, orgId: string, subjectId: string): Promise<OutboxRow[]> {
  const rows = await tx
    .selectFrom('outbox_messages')
    .select(['org_id', 'id', 'version', 'state'])
    .where('org_id', '=', orgId)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .limit(200)
    .execute();
  return rows.map(toRow);
}

/** Messages not yet acknowledged (or failed), oldest first: what a supervisor must watch. */
export async function listUnacknowledged(tx: Tx, orgId: string, limit: number): Promise<OutboxRow[]> {
  const rows = await tx
    .selectFrom('outbox_messages')
    .select(['org_id', 'id', 'version', 'state'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['pending', 'in-flight', 'awaiting-ack', 'retry-wait', 'manual', 'failed'])
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

function toRow(r: { org_id: string; id: string; version: number; state: unknown }): OutboxRow {
  return { orgId: r.org_id, id: r.id, version: r.version, state: r.state as MessageState };
}
