import type { StoredEvent } from '@lantern/core';
import type { Selectable } from 'kysely';
import type { EventsTable } from '../storage/schema.js';

export function toIso(d: Date | string): string {
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

/** A database row as the domain sees it. */
export function rowToEvent(row: Selectable<EventsTable>): StoredEvent {
  return {
    orgId: row.org_id,
    seq: Number(row.seq),
    id: row.id,
    streamType: row.stream_type,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    data: row.data,
    actor: row.actor,
    deviceId: row.device_id,
    occurredAt: toIso(row.occurred_at),
    recordedAt: toIso(row.recorded_at),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
