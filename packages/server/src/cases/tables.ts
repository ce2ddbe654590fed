/**
 * Kysely's view of the case and triage read models (migrations/0003_cases.sql). Declared here,
 * beside the capability that owns them, and merged into the shared `DB` interface.
 */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CasesTable {
  org_id: string;
  id: string;
  reference: string;
  status: 'open' | 'triaged' | 'queued' | 'assigned' | 'closed';
  patient_id: string | null;
  nhs_number: string | null;
  patient_name: string | null;
  patient_birth_date: string | null;
  patient_sex: string | null;
  caller_name: string;
  call_back_number: string;
  postcode: string;
  presenting_complaint: string | null;
  disposition_code: string | null;
  disposition_label: string | null;
  skillset: string | null;
  ambulance_category: string | null;
  timeframe_minutes: number | null;
  breach_at: Timestamp | null;
  priority: number | null;
  queue: string | null;
  /** When the case last joined its queue (0023); null when not in one. */
  queued_at: Timestamp | null;
  assigned_to: string | null;
  repeat_caller: boolean;
  opened_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
  version: number;
  summary: ColumnType<unknown, string, string>;
}

export interface TriageSessionsTable {
  org_id: string;
  id: string;
  case_id: string;
  protocol_id: string;
  protocol_version: string;
  status: 'in-progress' | 'completed' | 'superseded';
  answers: number;
  disposition_code: string | null;
  started_at: Timestamp;
  started_by: string | null;
  updated_at: Timestamp;
  version: number;
}

declare module '../storage/schema.js' {
  interface DB {
    cases: CasesTable;
    triage_sessions: TriageSessionsTable;
  }
}
