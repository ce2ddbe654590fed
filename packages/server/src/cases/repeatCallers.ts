/**
 * Repeat callers, server side: which earlier cases of this organisation count as contacts by the
 * same person, then core's detectRepeatCaller decides. A contact is matched by the patient (once
 * identified) or by the call-back number (known from the first second of the call). Each key is
 * judged on its own ("3 calls in 96 hours by patient or by number"); the flag names the prior
 * cases of every key that reached the threshold.
 *
 * Matching by number alone can join two people who share a phone (a care home, a family). That
 * errs on the safe side: a flag makes a clinician look harder, it never closes a door.
 */
import { type CaseState, detectRepeatCaller, type PriorCase } from '@lantern/core';
import type { Tx } from '../eventlog/projections.js';
import { priorContacts } from './caseStore.js';

export interface RepeatCallerSettings {
  /** Contacts, this one included. */
  threshold: number;
  windowHours: number;
}

/**
 * From the environment, checked once at start: LANTERN_REPEAT_CALLER_THRESHOLD (contacts, this
 * one included; default 3) and LANTERN_REPEAT_CALLER_WINDOW_HOURS (default 96, at most a week).
 */
export function repeatCallerSettings(env: NodeJS.ProcessEnv = process.env): RepeatCallerSettings {
  const read = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  return {
    threshold: read('LANTERN_REPEAT_CALLER_THRESHOLD', 3, 2, 20),
    windowHours: read('LANTERN_REPEAT_CALLER_WINDOW_HOURS', 96, 1, 168),
  };
}

const HOUR_MS = 3_600_000;
/** RepeatCallerFlagged holds at most 100 prior cases (core's schema). */
const MAX_PRIOR_CASES = 100;

export async function findRepeatContacts(
  tx: Tx,
  orgId: string,
  state: CaseState,
  at: string,
  settings: RepeatCallerSettings,
): Promise<{ priorCaseIds: string[]; windowHours: number } | null> {
  const patientId = state.patient?.patientId ?? null;
  const callBackNumber = state.caller.callBackNumber;
  const since = new Date(Date.parse(at) - settings.windowHours * HOUR_MS);
  const rows = await priorContacts(tx, orgId, { patientId, callBackNumber }, since);
  const openedAt = new Map(rows.map((r) => [r.id, new Date(r.opened_at).toISOString()]));
  const judge = (key: string, matches: (r: (typeof rows)[number]) => boolean): string[] => {
    const prior: PriorCase[] = rows
      .filter(matches)
      .map((r) => ({ caseId: r.id, openedAt: openedAt.get(r.id) as string, patientKey: key }));
    const result = detectRepeatCaller(prior, at, {
      patientKey: key,
      currentCaseId: state.caseId,
      threshold: settings.threshold,
      windowHours: settings.windowHours,
    });
    return result.isRepeatCaller ? result.priorCaseIds : [];
  };
  const ids = new Set([
    ...judge('number', (r) => r.call_back_number === callBackNumber),
    ...(patientId === null ? [] : judge('patient', (r) => r.patient_id === patientId)),
  ]);
  if (ids.size === 0) return null;
  const priorCaseIds = [...ids].sort(
    (a, b) =>
      Date.parse(openedAt.get(a) as string) - Date.parse(openedAt.get(b) as string) || (a < b ? -1 : 1),
  );
  // The event names at most MAX_PRIOR_CASES; the most recent matter most to the clinician.
  return { priorCaseIds: priorCaseIds.slice(-MAX_PRIOR_CASES), windowHours: settings.windowHours };
}
