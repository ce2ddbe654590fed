/**
 * Breach time: the moment by which the next service should have started. It counts from when
 * the disposition was reached, by the disposition's timeframe (domain.md §1.2 item 6: cases are
 * "posted to a queue… for prioritisation, based on the validation breach time… determined… from
 * the triage outcome codes"; BaRS aligns ServiceRequest.occurrencePeriod.end with the Pathways
 * timeframe). The colour bands tell a clinician at a glance how much of that time is left.
 */
import { LanternError } from '../errors/catalogue.js';

export type Instant = string | Date | number;

const MINUTE_MS = 60_000;

/** Critical when 10% of the timeframe or less is left... */
const CRITICAL_FRACTION = 0.1;
/** ...or 10 minutes or less, whichever comes first: a 30-minute case at 3 minutes left is critical. */
const CRITICAL_MINUTES = 10;
const WARNING_FRACTION = 0.25;

export type BreachBand = 'breached' | 'critical' | 'warning' | 'ok';

/** Disposition time + timeframe, as an ISO 8601 UTC instant. */
export function breachAt(dispositionReachedAt: Instant, timeframeMinutes: number): string {
  const start = toEpochMs(dispositionReachedAt, 'dispositionReachedAt');
  if (!Number.isFinite(timeframeMinutes) || timeframeMinutes <= 0) {
    const message = 'A timeframe is a positive number of minutes';
    throw new LanternError('E_VALIDATION', message, [{ path: 'timeframeMinutes', message }]);
  }
  return new Date(start + timeframeMinutes * MINUTE_MS).toISOString();
}

/**
 * The colour band for a breach time. `timeframeMinutes` is the whole timeframe the breach time
 * was set from; the fractions are of it. With no breach time (a disposition with no timeframe)
 * the band is 'ok'. Exactly at the breach time the case has breached.
 */
export function breachBand(
  now: Instant,
  breachTime: Instant | null,
  timeframeMinutes: number | null,
): BreachBand {
  if (breachTime === null) return 'ok';
  const leftMs = toEpochMs(breachTime, 'breachAt') - toEpochMs(now, 'now');
  if (leftMs <= 0) return 'breached';
  const wholeMs = timeframeMinutes !== null && timeframeMinutes > 0 ? timeframeMinutes * MINUTE_MS : null;
  if (leftMs <= CRITICAL_MINUTES * MINUTE_MS) return 'critical';
  if (wholeMs === null) return 'ok';
  if (leftMs <= wholeMs * CRITICAL_FRACTION) return 'critical';
  if (leftMs <= wholeMs * WARNING_FRACTION) return 'warning';
  return 'ok';
}

/** Milliseconds left until the breach time (negative once breached), for a countdown. */
export function msUntilBreach(now: Instant, breachTime: Instant): number {
  return toEpochMs(breachTime, 'breachAt') - toEpochMs(now, 'now');
}

/**
 * Epoch milliseconds of an instant. Strings must carry a date, a time and an offset: a local
 * time without an offset means a different instant on every machine.
 */
export function toEpochMs(value: Instant, path: string): number {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (value instanceof Date) ms = value.getTime();
  else ms = isIsoInstant(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    const message = 'must be an ISO 8601 date-time with offset, e.g. 2025-11-29T14:05:00Z';
    throw new LanternError('E_VALIDATION', `${path} ${message}`, [{ path, message }]);
  }
  return ms;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A date-time with an offset ("2025-11-29T14:05:00Z") that the platform can read as an instant. */
export function isIsoInstant(value: string): boolean {
  return ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
}
