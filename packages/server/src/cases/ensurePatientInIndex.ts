/**
 * A case names its patient only from its organisation's patient index.
 *
 * Why: an open case for a patient is the "legitimate relationship" that opens their full record
 * (patients/legitimateRelationship.ts). If a case could name any patient id, a user with
 * `case:update` could make that relationship without a real call, or point a case at an id that
 * is not a patient here at all. So every PatientIdentified a command plans is checked, in the
 * command's own tenant transaction, against the index:
 * 1) the patient exists in this organisation (another organisation's patient is no different
 *    from none: the answer does not confirm it exists);
 * 2) an NHS number on the case is the one on the record, so the snapshot a clinician reads can
 *    never pair one person's name with another's number (a wrong-patient harm);
 * 3) "verified on PDS" is claimed only when the record says PDS verified it.
 * Patients are never deleted, so a check that passed still holds when the append commits.
 */
import { LanternError } from '@lantern/core';
import type { Tx } from '../eventlog/projections.js';
import { getIndexedIdentity } from '../patients/patientStore.js';

interface PlannedPatient {
  type: string;
  data: unknown;
}

interface IdentifiedData {
  patientId: string;
  nhsNumber?: string;
  verified: boolean;
}

/** Throws unless every PatientIdentified in `events` (already parsed) names an indexed patient truthfully. */
export async function ensurePatientInIndex(
  tx: Tx,
  orgId: string,
  events: readonly PlannedPatient[],
): Promise<void> {
  for (const event of events) {
    if (event.type !== 'PatientIdentified') continue;
    const data = event.data as IdentifiedData;
    const indexed = await getIndexedIdentity(tx, orgId, data.patientId);
    if (indexed === null) {
      const message =
        'There is no such patient in your organisation’s patient index: find them by NHS number or by name and date of birth, or register them, then choose them from the results';
      throw new LanternError('E_UNKNOWN_REFERENCE', message, [{ path: 'patientId', message }]);
    }
    if (data.nhsNumber !== undefined && data.nhsNumber !== indexed.nhsNumber) {
      const message =
        indexed.nhsNumber === null
          ? 'The patient’s record has no NHS number: add it to the record first, or identify them without one'
          : 'This NHS number is not the one on the patient’s record: check it with the caller';
      throw new LanternError('E_VALIDATION', message, [{ path: 'nhsNumber', message }]);
    }
    if (data.verified && !indexed.nhsNumberVerified) {
      const message =
        'The patient’s record is not verified on PDS: trace them on PDS before marking them verified';
      throw new LanternError('E_VALIDATION', message, [{ path: 'verified', message }]);
    }
  }
}
