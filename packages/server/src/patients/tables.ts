/**
 * Kysely's view of the patient index (migrations/0004_patients.sql). Declared here, beside the
 * capability that owns it, and merged into the shared `DB` interface.
 */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface PatientsTable {
  org_id: string;
  id: string;
  nhs_number: string | null;
  family: string;
  given: string;
  family_key: string;
  family_soundex: string;
  /** A SQL date: compared with 'YYYY-MM-DD' strings; select it with to_char (drivers make it a Date). */
  birth_date: string;
  gender: string;
  postcode: string | null;
  gp_practice_ods: string | null;
  special_notes: Json;
  special_note_count: number;
  record: Json;
  version: number;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../storage/schema.js' {
  interface DB {
    patients: PatientsTable;
  }
}
