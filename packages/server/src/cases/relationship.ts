/**
 * The "legitimate relationship" rule (ARCHITECTURE.md §4): a user may read a patient's record
 * when their organisation has an open case for that patient (status other than closed); anything
 * else is break-glass. Used by the patients capability; kept here because the case read model is
 * what answers it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../storage/schema.js';
import './tables.js';

/**
 * Whether `orgId` has a case for `patientId` that is not closed. Pass the tenant transaction of
 * the request (`withTenant`), so row-level security applies as well as the filter here.
 * Served by the index cases_by_patient (org_id, patient_id, opened_at) INCLUDE (status).
 */
export async function hasOpenCaseForPatient(
  tx: Kysely<DB>,
  orgId: string,
  patientId: string,
): Promise<boolean> {
  const row = await tx
    .selectFrom('cases')
    .select('id')
    .where('org_id', '=', orgId)
    .where('patient_id', '=', patientId)
    .where('status', '<>', 'closed')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
