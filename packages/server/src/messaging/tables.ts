/**
 * Kysely's view of the outbox (migrations/0017_messaging.sql), merged into the shared `DB`.
 */
import type { JsonObject } from '@lantern/core';
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OutboxMessagesTable {
  org_id: string;
  id: string;
  topic: string;
  subject_type: string;
  subject_id: string;
  source_event_id: string;
  status: string;
  step: number;
  channel: string;
  next_due_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
  state: ColumnType<JsonObject, string, string>;
}

declare module '../storage/schema.js' {
  interface DB {
    outbox_messages: OutboxMessagesTable;
  }
}
