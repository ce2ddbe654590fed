/**
 * What may happen to a case in each state. The table is docs/cases/state-machine.md; the tests
 * in case-state-machine.test.ts read as the same rules.
 *
 * Constraints that shaped it:
 * 1) A queue is where urgency is managed, so nothing joins one without a disposition (there is
 *    no breach time to order it by), and a clinician takes work only from a queue.
 * 2) Two clinicians can never hold the same case (ARCHITECTURE.md §7): taking an assigned case
 *    is refused until its holder (or a supervisor) releases it.
 * 3) A closed case is a finished record. Anything more, even a note, starts with reopening it, so
 *    the reopening (who and why) is on the record and the case is worked again, not edited.
 * 4) Every closed case says what happened to the patient: closing needs an outcome recorded since
 *    the case was last (re)opened. A transfer is its own outcome and closes the case.
 * 5) Messages are written for the person at the screen and say what to do instead.
 */
import { LanternError } from '../errors/catalogue.js';
import type { CaseEventData, CaseEventType } from './parseCaseEvent.js';

export const CASE_STATUSES = ['open', 'triaged', 'queued', 'assigned', 'closed'] as const;
/**
 * open: call taken, no disposition yet. triaged: a disposition, not in a queue.
 * queued: waiting in a queue. assigned: a clinician has it. closed: finished or transferred.
 */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** How a closed case ended. */
export type ClosureKind = 'closed' | 'transferred';

/** The part of a case's state the rules read. A folded `CaseState` is one. */
export interface TransitionState {
  readonly status: CaseStatus;
  readonly closure: { readonly kind: ClosureKind } | null;
  readonly disposition: { readonly code: string } | null;
  readonly assignedTo: string | null;
  readonly outcome: unknown | null;
}

export type TransitionCheck = { ok: true } | { ok: false; message: string };

/** What each event does, as the end of "… must be reopened before ___". */
const ACTION: Record<CaseEventType, string> = {
  CaseOpened: 'it can be opened',
  PatientIdentified: 'the patient can be changed',
  PresentingComplaintRecorded: 'the presenting complaint can be changed',
  DispositionReached: 'a new disposition can be reached',
  DispositionOverridden: 'its disposition can be overridden',
  CaseQueued: 'it can be queued',
  CaseAssigned: 'it can be assigned',
  CaseReleased: 'it can be released',
  ConsultationNoteAdded: 'a note can be added',
  CallBackAttempted: 'a call-back can be recorded',
  CaseOutcomeRecorded: 'an outcome can be recorded',
  CaseTransferred: 'it can be transferred',
  CaseClosed: 'it can be closed again',
  CaseReopened: 'it can be reopened',
  RepeatCallerFlagged: 'it can be flagged',
  ObservationsRecorded: 'observations can be recorded',
};

/**
 * Whether `eventType` may be recorded on a case in `state` (null: no case yet). `data`, when
 * given, lets the rules that depend on it speak (who is being assigned, who is being released,
 * which disposition is being overridden).
 */
export function checkTransition<T extends CaseEventType>(
  state: TransitionState | null,
  eventType: T,
  data?: CaseEventData<T>,
): TransitionCheck {
  const message = refusal(state, eventType, data as CaseEventData<CaseEventType> | undefined);
  return message === null ? { ok: true } : { ok: false, message };
}

/** Throws `E_INVALID_TRANSITION` when `checkTransition` refuses. */
export function ensureTransition<T extends CaseEventType>(
  state: TransitionState | null,
  eventType: T,
  data?: CaseEventData<T>,
): void {
  const check = checkTransition(state, eventType, data);
  if (!check.ok) {
    throw new LanternError('E_INVALID_TRANSITION', check.message, [{ path: 'type', message: check.message }]);
  }
}

/** The status a case is in after `eventType`, for a transition the rules allow. */
export function nextStatus(state: TransitionState | null, eventType: CaseEventType): CaseStatus {
  const current = state?.status ?? 'open';
  switch (eventType) {
    case 'CaseOpened':
      return state?.status ?? 'open';
    case 'DispositionReached':
    case 'DispositionOverridden':
      return current === 'open' ? 'triaged' : current;
    case 'CaseQueued':
    case 'CaseReleased':
      return 'queued';
    case 'CaseAssigned':
      return 'assigned';
    case 'CaseTransferred':
    case 'CaseClosed':
      return 'closed';
    case 'CaseReopened':
      return state?.disposition ? 'triaged' : 'open';
    default:
      return current;
  }
}

function refusal(
  state: TransitionState | null,
  type: CaseEventType,
  data: CaseEventData<CaseEventType> | undefined,
): string | null {
  if (state === null) {
    return type === 'CaseOpened'
      ? null
      : 'There is no case yet: a case begins when the call is taken (CaseOpened)';
  }
  if (type === 'CaseOpened') {
    return 'This case is already open; a case is opened once (reopen a closed case instead)';
  }
  if (type === 'CaseReopened') {
    return state.status === 'closed'
      ? null
      : `Only a closed case can be reopened; this case is ${state.status}`;
  }
  // A repeat-caller flag is information from outside (the national service), not an action on
  // the case, so it may arrive whatever the case's state.
  if (type === 'RepeatCallerFlagged') return null;
  if (state.status === 'closed') {
    const which = state.closure?.kind === 'transferred' ? 'A transferred' : 'A closed';
    return `${which} case must be reopened before ${ACTION[type]}`;
  }
  switch (type) {
    case 'DispositionOverridden':
      return overrideRefusal(state, data as CaseEventData<'DispositionOverridden'> | undefined);
    case 'CaseQueued':
      if (state.disposition === null) return 'A case cannot be queued before a disposition is reached';
      if (state.status === 'assigned') {
        return `This case is assigned to ${state.assignedTo}; release it before moving it to a queue`;
      }
      return null;
    case 'CaseAssigned':
      return assignRefusal(state, data as CaseEventData<'CaseAssigned'> | undefined);
    case 'CaseReleased':
      return releaseRefusal(state, data as CaseEventData<'CaseReleased'> | undefined);
    case 'CaseClosed':
      return state.outcome === null ? 'Record an outcome before closing this case' : null;
    default:
      return null;
  }
}

function overrideRefusal(
  state: TransitionState,
  data: CaseEventData<'DispositionOverridden'> | undefined,
): string | null {
  if (state.disposition === null)
    return 'There is no disposition to override yet; a disposition must be reached first';
  if (data !== undefined && data.from !== state.disposition.code) {
    return `The disposition is now ${state.disposition.code}, not ${data.from}; review it before overriding`;
  }
  return null;
}

function assignRefusal(
  state: TransitionState,
  data: CaseEventData<'CaseAssigned'> | undefined,
): string | null {
  switch (state.status) {
    case 'queued':
      return null;
    case 'assigned':
      if (data !== undefined && data.clinicianId === state.assignedTo) {
        return `This case is already assigned to ${state.assignedTo}`;
      }
      return `This case is already assigned to ${state.assignedTo}; it must be released before it can be assigned to someone else`;
    case 'triaged':
      return 'A case must be in a queue before it can be assigned';
    default:
      return 'A case cannot be assigned before a disposition is reached and it is queued';
  }
}

function releaseRefusal(
  state: TransitionState,
  data: CaseEventData<'CaseReleased'> | undefined,
): string | null {
  if (state.status !== 'assigned') return 'This case is not assigned to anyone, so it cannot be released';
  if (data !== undefined && data.clinicianId !== state.assignedTo) {
    return `This case is assigned to ${state.assignedTo}, not ${data.clinicianId}`;
  }
  return null;
}
