/**
 * A clinician may change the engine's disposition, up or down. The engine's disposition and
 * every override are kept; a reason and the clinician are required; an override below a
 * red-flag floor is allowed (clinical judgement) but marked, so audit can find it.
 */
import { z } from 'zod';
import { LanternError } from '../errors/catalogue.js';
import { deepFreeze } from './deepFreeze.js';
import { compareSeverity, getDisposition } from './dispositions.js';
import type { DispositionOverride, TriageOutcome } from './triageTypes.js';
import { formatPath } from './validateProtocol.js';

export interface OverrideInput {
  newCode: string;
  reason: string;
  clinicianId: string;
  /** ISO 8601 date-time with offset, e.g. 2025-11-29T14:05:00Z. */
  at: string;
}

const overrideSchema = z.strictObject({
  newCode: z.string().min(1, 'must not be empty'),
  reason: z.string().trim().min(1, 'a reason is required').max(2000, 'must be 2000 characters or fewer'),
  clinicianId: z.string().trim().min(1, 'the clinician must be identified').max(200),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' }),
});

export function overrideDisposition(outcome: TriageOutcome, input: OverrideInput): TriageOutcome {
  const parsed = overrideSchema.safeParse(input);
  if (!parsed.success) {
    throw new LanternError(
      'E_VALIDATION',
      'Invalid disposition override',
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const { newCode, reason, clinicianId, at } = parsed.data;
  const to = getDisposition(newCode, 'newCode');
  const from = outcome.disposition.code;
  if (to.code === from) {
    throw new LanternError('E_VALIDATION', 'The override does not change the disposition', [
      { path: 'newCode', message: `the disposition is already ${from}` },
    ]);
  }
  const floors = outcome.redFlags.map((f) => f.atLeast);
  const record: DispositionOverride = {
    from,
    to: to.code,
    direction: compareSeverity(to.code, from) > 0 ? 'up' : 'down',
    reason,
    clinicianId,
    at,
    belowRedFlagFloor: floors.some((floor) => compareSeverity(to.code, floor) < 0),
  };
  return deepFreeze({ ...outcome, disposition: to, overrides: [...outcome.overrides, record] });
}
