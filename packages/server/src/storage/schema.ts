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

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  status: 'active' | 'disabled';
  failed_attempts: ColumnType<number, number | undefined, number>;
  locked_until: Timestamp | null;
  mfa_enrolled: ColumnType<boolean, boolean | undefined, boolean>;
  totp_secret: string | null;
  totp_last_step: number | null;
  expires_at: Timestamp | null;
  created_at: TimestampDefault;
  created_by: string | null;
}

export interface UserRolesTable {
  org_id: string;
  user_id: string;
  role: string;
}

export interface RecoveryCodesTable {
  user_id: string;
  org_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  org_id: string;
  public_key: string;
  counter: number;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  created_at: TimestampDefault;
  last_used_at: Timestamp | null;
}

export interface MfaChallengesTable {
  id_hash: string;
  user_id: string;
  org_id: string;
  pending_totp_secret: string | null;
  webauthn_challenge: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: TimestampDefault;
  expires_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  org_id: string;
  csrf_hash: string;
  mfa_method: string;
  created_at: TimestampDefault;
  last_seen_at: TimestampDefault;
  absolute_expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface BreakGlassGrantsTable {
  id: string;
  org_id: string;
  user_id: string;
  patient_id: string;
  reason: string;
  granted_at: Timestamp;
  expires_at: Timestamp;
}

export interface PrivacyAlertsTable {
  id: string;
  org_id: string;
  kind: string;
  user_id: string | null;
  patient_id: string | null;
  reason: string;
  created_at: Timestamp;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp | null;
}

export interface AuditEventsTable {
  chain_id: string;
  seq: number;
  id: string;
  recorded_at: Timestamp;
  org_id: string | null;
  category: string;
  action: string;
  outcome: 'success' | 'denied' | 'failure';
  user_id: string | null;
  username: string | null;
  role: string | null;
  patient_id: string | null;
  entity_type: string | null;
  entity_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  device_id: string | null;
  request_id: string | null;
  detail: ColumnType<JsonObject, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadsTable {
  chain_id: string;
  seq: number;
  hash: string;
}

export interface DB {
  users: UsersTable;
  user_roles: UserRolesTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  mfa_challenges: MfaChallengesTable;
  sessions: SessionsTable;
  break_glass_grants: BreakGlassGrantsTable;
  privacy_alerts: PrivacyAlertsTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
  organisations: OrganisationsTable;
  events: EventsTable;
  event_chain_heads: EventChainHeadsTable;
  projection_state: ProjectionStateTable;
  schema_migrations: SchemaMigrationsTable;
}
