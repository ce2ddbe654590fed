/**
 * Break-glass: a clinician without a legitimate relationship opens a patient's record for a
 * stated reason. Constraints that shaped it:
 * 1) Access is time-limited (BREAK_GLASS_MINUTES) and personal (this user, this patient).
 * 2) The grant and the privacy officer's alert are written in one transaction: there is never
 *    access without an alert. The request's audit entry (action `break-glass`, with the patient
 *    and the reason) is written by the access hook before the answer leaves.
 * 3) Grants are never edited or deleted (lantern_app may only insert and read them); an expired
 *    grant stays as evidence.
 */
import { LanternError, newId } from '@lantern/core';
import type { Database } from '../storage/database.js';
import { withTenant } from '../tenancy/withTenant.js';
import { patientExists } from './patientStore.js';

/** Long enough to handle one call and its follow-up; short enough that a new need asks again. */
export const BREAK_GLASS_MINUTES = 30;
export const BREAK_GLASS_REASON_MIN = 10;

export interface BreakGlassGrant {
  grantId: string;
  patientId: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
}

export async function breakGlass(
  database: Database,
  input: { orgId: string; userId: string; patientId: string; reason: string; now: Date },
): Promise<BreakGlassGrant> {
  const reason = input.reason.trim();
  if (reason.length < BREAK_GLASS_REASON_MIN) {
    const message = `Give a reason of at least ${BREAK_GLASS_REASON_MIN} characters; it is read by your privacy officer`;
    throw new LanternError('E_VALIDATION', message, [{ path: 'body.reason', message }]);
  }
  const grantedAt = input.now;
  const expiresAt = new Date(grantedAt.getTime() + BREAK_GLASS_MINUTES * 60_000);
  const grantId = newId();
  await withTenant(database, input.orgId, async (tx) => {
    if (!(await patientExists(tx, input.orgId, input.patientId))) throw notFound();
    await tx
      .insertInto('break_glass_grants')
      .values({
        id: grantId,
        org_id: input.orgId,
        user_id: input.userId,
        patient_id: input.patientId,
        reason,
        granted_at: grantedAt,
        expires_at: expiresAt,
      })
      .execute();
    await tx
      .insertInto('privacy_alerts')
      .values({
        id: newId(),
        org_id: input.orgId,
        kind: 'break-glass',
        user_id: input.userId,
        patient_id: input.patientId,
        reason,
        created_at: grantedAt,
      })
      .execute();
  });
  return {
    grantId,
    patientId: input.patientId,
    reason,
    grantedAt: grantedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
}

export function notFound(): LanternError {
  return new LanternError('E_NOT_FOUND', 'No such patient in your organisation');
}
