/**
 * Repeat callers: a patient who has been through 111 three times or more in 96 hours. The
 * national Repeat Caller Service "monitor[s] users who have been processed through the service
 * 3 times or more in a 96 hour period" and keeps records for at most 96 hours
 * (https://digital.nhs.uk/services/repeat-caller-service). domain.md names that service's CDA
 * interaction (§5.3, primaryNHS111RepeatCallerDocumentSet) but not the threshold, so the
 * threshold and window are options with those defaults.
 *
 * Constraints that shaped it:
 * 1) The current contact counts: "3 times" is this call and two before it.
 * 2) Missing a repeat caller is the unsafe error, so a prior case stamped a little after `now`
 *    (a console with a fast clock, an offline case uploaded late) still counts: it is still a
 *    contact with this patient.
 * 3) The same case listed twice counts once; the current case, if listed, is not a prior one.
 * 4) `patientKey` is whatever the caller matched patients on (a verified NHS number, else a
 *    demographic key). Only cases with the current patient's key are counted.
 */
import { LanternError } from '../errors/catalogue.js';
import { type Instant, toEpochMs } from './breach.js';

export interface PriorCase {
  caseId: string;
  openedAt: string;
  patientKey: string;
}

export interface RepeatCallerOptions {
  /** Contacts, this one included, that make a repeat caller. Default 3. */
  threshold?: number;
  /** Default 96. */
  windowHours?: number;
  /** The current patient's key. Without it, every prior case must share one key. */
  patientKey?: string;
  /** The current case, left out if it appears among the prior cases. */
  currentCaseId?: string;
}

export interface RepeatCallerResult {
  isRepeatCaller: boolean;
  /** Contacts in the window, this one included. */
  contacts: number;
  /** The prior cases in the window, earliest first (ready for RepeatCallerFlagged). */
  priorCaseIds: string[];
  threshold: number;
  windowHours: number;
  /** ISO 8601 UTC start of the window. */
  windowStart: string;
}

export const REPEAT_CALLER_THRESHOLD = 3;
export const REPEAT_CALLER_WINDOW_HOURS = 96;

const HOUR_MS = 3_600_000;

export function detectRepeatCaller(
  priorCases: readonly PriorCase[],
  now: Instant,
  options: RepeatCallerOptions = {},
): RepeatCallerResult {
  const threshold = options.threshold ?? REPEAT_CALLER_THRESHOLD;
  const windowHours = options.windowHours ?? REPEAT_CALLER_WINDOW_HOURS;
  if (!Number.isInteger(threshold) || threshold < 2) {
    invalid('threshold', 'must be a whole number of contacts, 2 or more');
  }
  if (!Number.isFinite(windowHours) || windowHours <= 0)
    invalid('windowHours', 'must be a positive number of hours');
  const key = options.patientKey ?? onlyKey(priorCases);
  const windowStartMs = toEpochMs(now, 'now') - windowHours * HOUR_MS;

  const inWindow = new Map<string, number>();
  priorCases.forEach((prior, i) => {
    if (prior.patientKey !== key || prior.caseId === options.currentCaseId) return;
    const openedMs = toEpochMs(prior.openedAt, `priorCases[${i}].openedAt`);
    if (openedMs < windowStartMs) return;
    const earlier = inWindow.get(prior.caseId);
    if (earlier === undefined || openedMs < earlier) inWindow.set(prior.caseId, openedMs);
  });
  const priorCaseIds = [...inWindow.entries()]
    .sort(([idA, a], [idB, b]) => a - b || (idA < idB ? -1 : idA > idB ? 1 : 0))
    .map(([caseId]) => caseId);
  const contacts = priorCaseIds.length + 1;
  return {
    isRepeatCaller: contacts >= threshold,
    contacts,
    priorCaseIds,
    threshold,
    windowHours,
    windowStart: new Date(windowStartMs).toISOString(),
  };
}

function onlyKey(priorCases: readonly PriorCase[]): string | undefined {
  const keys = new Set(priorCases.map((p) => p.patientKey));
  if (keys.size > 1) {
    invalid('patientKey', 'the prior cases belong to more than one patient; give the current patient’s key');
  }
  return priorCases[0]?.patientKey;
}

function invalid(path: string, message: string): never {
  throw new LanternError('E_VALIDATION', `${path} ${message}`, [{ path, message }]);
}
