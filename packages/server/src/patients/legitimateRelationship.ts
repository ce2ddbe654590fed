/**
 * The legitimate-relationship rule for patient records (ARCHITECTURE.md §4): a user may open a
 * patient's full record when their organisation has an open case for that patient, or when they
 * hold a break-glass grant for that patient that is still in force. Anything else is refused,
 * with the way to break the glass in the refusal.
 *
 * Both checks run in the request's tenant transaction, so row-level security applies as well as
 * the filters. The case half belongs to the case capability (its read model answers it).
 */
import { LanternError } from '@lantern/core';
import { hasOpenCaseForPatient } from '../cases/relationship.js';
import type { Tx } from '../eventlog/projections.js';

export type Relationship =
  | { basis: 'open-case' }
  | { basis: 'break-glass'; grantId: string; expiresAt: string };

export interface RelationshipQuery {
  orgId: string;
  userId: string;
  patientId: string;
  now: Date;
}

/** The user's basis for seeing this patient, or null when they have none. */
export async function checkLegitimateRelationship(
  tx: Tx,
  q: RelationshipQuery,
): Promise<Relationship | null> {
  if (await hasOpenCaseForPatient(tx, q.orgId, q.patientId)) return { basis: 'open-case' };
  const grant = await tx
    .selectFrom('break_glass_grants')
    .select(['id', 'expires_at'])
    .where('org_id', '=', q.orgId)
    .where('user_id', '=', q.userId)
    .where('patient_id', '=', q.patientId)
    .where('granted_at', '<=', q.now)
    .where('expires_at', '>', q.now)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return grant
    ? { basis: 'break-glass', grantId: grant.id, expiresAt: new Date(grant.expires_at).toISOString() }
    : null;
}

/** Throws E_FORBIDDEN, telling the user how to break the glass, when there is no basis. */
export async function ensureLegitimateRelationship(tx: Tx, q: RelationshipQuery): Promise<Relationship> {
  const relationship = await checkLegitimateRelationship(tx, q);
  if (relationship) return relationship;
  throw new LanternError(
    'E_FORBIDDEN',
    'You have no open case for this patient at your organisation, so their record is closed to you. ' +
      'If you need it now for their care, you can break the glass: give your reason, and you will ' +
      'have access for 30 minutes. Breaking the glass is audited and your privacy officer is told.',
    [
      {
        path: 'breakGlass',
        message: `POST /api/patients/${q.patientId}/break-glass with { "reason": "..." }`,
      },
    ],
  );
}
