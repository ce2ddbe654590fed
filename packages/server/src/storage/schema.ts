import type { JsonObject } from '@lantern/core';
import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables. One interface per table, named after it. */
export interface OrganisationsTable {
  id: string;
  name: string;
  ods_code: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface EventsTable {
  org_id: string;
  seq: number;
  id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: ColumnType<JsonObject, string, never>;
  actor: string | null;
  device_id: string | null;
  occurred_at: ColumnType<Date, Date | string, never>;
  recorded_at: ColumnType<Date, Date | string, never>;
  prev_hash: string;
  hash: string;
}

export interface EventChainHeadsTable {
  org_id: string;
  seq: number;
  hash: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ProjectionStateTable {
  name: string;
  version: number;
  last_seq_by_org: ColumnType<Record<string, number>, string | undefined, string>;
  rebuilt_at: Date | null;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface DB {
  organisations: OrganisationsTable;
  events: EventsTable;
  event_chain_heads: EventChainHeadsTable;
  projection_state: ProjectionStateTable;
  schema_migrations: SchemaMigrationsTable;
}
