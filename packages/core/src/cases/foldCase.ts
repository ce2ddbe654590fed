/**
 * The case reducer: folds a case's events, in stream order, into the state a clinician's screen
 * shows. The same code runs in the server's projection and in the offline console.
 *
 * Constraints that shaped it:
 * 1) Deterministic: the state depends only on the events (never on the clock or the machine), so
 *    the browser and the server always agree and a projection can be rebuilt from the log.
 * 2) The log cannot be edited, so an entry that cannot be read must not make the whole case
 *    unreadable: it is listed in `problems` and on the timeline, and the rest of the case is
 *    shown. Only the opening event is essential (it is the case's identity).
 * 3) Rules are enforced when events are written (`ensureTransition`); the fold records what
 *    happened even if it would be refused today (an older rule, a merge after an outage), and
 *    says so in `problems` so a supervisor can see it.
 * 4) An event id met twice (a retried upload, an outbox replayed over stored events) is read once;
 *    an event of another stream is never mixed in (the wrong patient's record is a classic harm).
 * 5) Breach time counts from the disposition (domain.md §1.2 item 6). An override to a shorter
 *    timeframe never moves the breach time later: a more urgent disposition must not buy time.
 */
import { LanternError } from '../errors/catalogue.js';
import { breachAt, isIsoInstant } from './breach.js';
import { caseReference } from './caseReference.js';
import type { CaseDisposition, CaseProblem, CaseState } from './caseState.js';
import { checkTransition, nextStatus } from './caseTransitions.js';
import { type CaseEvent, type CaseEventOf, isCaseEventType, parseCaseEvent } from './parseCaseEvent.js';
import { displayName, summariseCaseEvent } from './summariseCaseEvent.js';

/** A case event as the log holds it (`StoredEvent`) or as a console holds it before sending. */
export interface CaseEventRecord {
  readonly id?: string;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly actor?: string | null;
  /** The case id; a `StoredEvent` carries it. */
  readonly streamId?: string;
}

export interface FoldCaseOptions {
  /** The case id, when the events do not carry it as `streamId` (events not yet stored). */
  readonly caseId?: string;
}

export function foldCase(events: readonly CaseEventRecord[], options: FoldCaseOptions = {}): CaseState {
  const seen = new Set<string>();
  let state: CaseState | null = null;
  for (const event of events) {
    if (event.id !== undefined) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
    }
    state = applyCaseEvent(state, event, options);
  }
  if (state === null) {
    throw new LanternError('E_NOT_FOUND', 'There are no events for this case');
  }
  return state;
}

/**
 * One step of the fold, for a projection that applies events as they are appended.
 * (Unlike `foldCase` it cannot know whether it has seen the event before.)
 */
export function applyCaseEvent(
  state: CaseState | null,
  record: CaseEventRecord,
  options: FoldCaseOptions = {},
): CaseState {
  if (state === null) return openCase(record, options);
  const eventId = record.id ?? null;
  const at = record.occurredAt;
  const actor = record.actor ?? null;
  const counted = { ...state, eventCount: state.eventCount + 1 };
  const unreadable = (message: string): CaseState => ({
    ...counted,
    timeline: [
      ...state.timeline,
      { eventId, type: record.type, at, actor, summary: 'Entry could not be read' },
    ],
    problems: [...state.problems, { eventId, type: record.type, at, message }],
  });
  if (record.streamId !== undefined && record.streamId !== state.caseId) {
    return unreadable(`This entry belongs to another case (${record.streamId}) and is not used here`);
  }
  if (!isIsoInstant(at)) return unreadable('The time of this entry is not a valid date-time');
  if (!isCaseEventType(record.type)) {
    return unreadable(
      `This version of Lantern does not know "${record.type}" entries; it is not reflected here`,
    );
  }
  let event: CaseEvent;
  try {
    event = parseCaseEvent(record.type, record.data);
  } catch (err) {
    return unreadable(describe(err));
  }
  const check = checkTransition(state, event.type, event.data);
  const problems: CaseProblem[] = check.ok
    ? [...state.problems]
    : [...state.problems, { eventId, type: event.type, at, message: `Recorded although: ${check.message}` }];
  const next = reduce({ ...counted, problems, updatedAt: at }, event, { eventId, at, actor });
  return {
    ...next,
    status: nextStatus(state, event.type),
    timeline: [
      ...state.timeline,
      { eventId, type: event.type, at, actor, summary: summariseCaseEvent(event) },
    ],
  };
}

function openCase(record: CaseEventRecord, options: FoldCaseOptions): CaseState {
  if (record.type !== 'CaseOpened') {
    throw new LanternError(
      'E_EVENT_INVALID',
      `A case record begins with CaseOpened; this one begins with ${record.type}`,
    );
  }
  if (!isIsoInstant(record.occurredAt)) {
    throw new LanternError('E_EVENT_INVALID', 'The time the case was opened is not a valid date-time', [
      { path: 'occurredAt', message: 'must be an ISO 8601 date-time with offset' },
    ]);
  }
  const caseId = record.streamId ?? options.caseId;
  if (caseId === undefined) {
    throw new LanternError('E_VALIDATION', 'The case id is needed to read a case', [
      { path: 'caseId', message: 'pass it as the events\u2019 streamId or as options.caseId' },
    ]);
  }
  const event = parseCaseEvent('CaseOpened', record.data);
  const { call, location } = event.data;
  const at = record.occurredAt;
  const eventId = record.id ?? null;
  const actor = record.actor ?? null;
  return {
    caseId,
    reference: caseReference(caseId),
    status: 'open',
    closure: null,
    openedAt: at,
    openedBy: event.data.openedBy,
    arrivedVia: event.data.arrivedVia,
    serviceId: event.data.serviceId,
    caller: {
      name: call.callerName,
      relationshipToPatient: call.relationshipToPatient,
      relationshipDetail: call.relationshipDetail ?? null,
      callBackNumber: call.callBackNumber,
    },
    location: {
      addressLines: location.addressLines ?? [],
      postcode: location.postcode,
      lat: location.lat ?? null,
      lon: location.lon ?? null,
      notes: location.notes ?? null,
    },
    patient: null,
    presentingComplaint: null,
    disposition: null,
    dispositionHistory: [],
    overrides: [],
    breachAt: null,
    priority: null,
    queue: null,
    queuedAt: null,
    assignedTo: null,
    assignedAt: null,
    notes: [],
    callBacks: [],
    observations: [],
    outcome: null,
    flags: { repeatCaller: null, specialNotes: [] },
    timeline: [{ eventId, type: 'CaseOpened', at, actor, summary: summariseCaseEvent(event) }],
    problems: [],
    eventCount: 1,
    updatedAt: at,
  };
}

interface Meta {
  eventId: string | null;
  at: string;
  actor: string | null;
}

function reduce(state: CaseState, event: CaseEvent, meta: Meta): CaseState {
  const { at, actor, eventId } = meta;
  switch (event.type) {
    case 'CaseOpened':
      // A second opening is already listed in problems; the first one stands.
      return state;
    case 'PatientIdentified': {
      const { demographics: d } = event.data;
      return {
        ...state,
        patient: {
          patientId: event.data.patientId,
          nhsNumber: event.data.nhsNumber ?? null,
          verified: event.data.verified,
          displayName: displayName(d),
          givenName: d.givenName ?? null,
          familyName: d.familyName ?? null,
          dateOfBirth: d.dateOfBirth ?? null,
          sex: d.sex ?? null,
          gpPracticeOds: d.gpPracticeOds ?? null,
          gpPracticeName: d.gpPracticeName ?? null,
          identifiedAt: at,
        },
      };
    }
    case 'PresentingComplaintRecorded':
      return { ...state, presentingComplaint: { text: event.data.text, at, by: actor } };
    case 'DispositionReached':
      return reachDisposition(state, event, meta);
    case 'DispositionOverridden':
      return overrideDisposition(state, event, meta);
    case 'CaseQueued':
      return {
        ...state,
        queue: event.data.queue,
        priority: event.data.priority,
        queuedAt: at,
        assignedTo: null,
        assignedAt: null,
      };
    case 'CaseAssigned':
      return { ...state, assignedTo: event.data.clinicianId, assignedAt: at };
    case 'CaseReleased':
      return { ...state, assignedTo: null, assignedAt: null };
    case 'ConsultationNoteAdded': {
      const { kind, text, authorId } = event.data;
      return { ...state, notes: [...state.notes, { eventId, kind, text, authorId, at }] };
    }
    case 'CallBackAttempted': {
      const { outcome, number } = event.data;
      const callBack = { eventId, outcome, number, at: event.data.at, recordedBy: actor };
      return { ...state, callBacks: [...state.callBacks, callBack] };
    }
    case 'CaseOutcomeRecorded':
      return {
        ...state,
        outcome: { outcome: event.data.outcome, summary: event.data.summary, at, by: actor },
      };
    case 'CaseTransferred': {
      const { toService, toServiceName, method, reason } = event.data;
      const transfer = { toService, toServiceName: toServiceName ?? null, method };
      return leaveQueue({ ...state, closure: { kind: 'transferred', reason, at, by: actor, transfer } });
    }
    case 'CaseClosed':
      return leaveQueue({
        ...state,
        closure: { kind: 'closed', reason: event.data.reason, at, by: actor, transfer: null },
      });
    case 'CaseReopened':
      // The case is worked again: it needs a new outcome, and a queue if it is to wait in one.
      return leaveQueue({ ...state, closure: null, outcome: null });
    case 'ObservationsRecorded': {
      const { observations, news2, source, takenAt } = event.data;
      const entry = { eventId, observations, news2, source, takenAt, recordedAt: at, recordedBy: actor };
      return { ...state, observations: [...state.observations, entry] };
    }
    case 'RepeatCallerFlagged':
      return {
        ...state,
        flags: {
          ...state.flags,
          repeatCaller: { priorCaseIds: event.data.priorCaseIds, windowHours: event.data.windowHours, at },
        },
      };
  }
}

function reachDisposition(state: CaseState, event: CaseEventOf<'DispositionReached'>, meta: Meta): CaseState {
  const d = event.data;
  const disposition: CaseDisposition = {
    code: d.code,
    label: d.label,
    timeframeMinutes: d.timeframeMinutes,
    skillset: d.skillset,
    ambulanceCategory: d.ambulanceCategory ?? null,
    protocolId: d.protocolId ?? null,
    protocolVersion: d.protocolVersion ?? null,
    source: d.source,
    reason: d.reason ?? null,
    reachedAt: meta.at,
    reachedBy: meta.actor,
  };
  return {
    ...state,
    disposition,
    dispositionHistory: [...state.dispositionHistory, disposition],
    breachAt: d.timeframeMinutes === null ? null : breachAt(meta.at, d.timeframeMinutes),
  };
}

function overrideDisposition(
  state: CaseState,
  event: CaseEventOf<'DispositionOverridden'>,
  meta: Meta,
): CaseState {
  const { from, to, reason, clinicianId } = event.data;
  const previous = state.disposition;
  const disposition: CaseDisposition = {
    code: to.code,
    label: to.label,
    timeframeMinutes: to.timeframeMinutes,
    skillset: to.skillset,
    ambulanceCategory: to.ambulanceCategory ?? null,
    protocolId: null,
    protocolVersion: null,
    source: 'clinician-override',
    reason,
    reachedAt: meta.at,
    reachedBy: clinicianId,
  };
  let breach = to.timeframeMinutes === null ? null : breachAt(meta.at, to.timeframeMinutes);
  const shorter =
    previous?.timeframeMinutes != null &&
    to.timeframeMinutes !== null &&
    to.timeframeMinutes < previous.timeframeMinutes;
  if (
    shorter &&
    breach !== null &&
    state.breachAt !== null &&
    Date.parse(state.breachAt) < Date.parse(breach)
  ) {
    breach = state.breachAt;
  }
  return {
    ...state,
    disposition,
    dispositionHistory: [...state.dispositionHistory, disposition],
    overrides: [...state.overrides, { from, to: to.code, reason, clinicianId, at: meta.at }],
    breachAt: breach,
  };
}

/** Closing or reopening takes a case out of its queue and away from its clinician. */
function leaveQueue(state: CaseState): CaseState {
  return { ...state, queue: null, priority: null, queuedAt: null, assignedTo: null, assignedAt: null };
}

function describe(err: unknown): string {
  if (err instanceof LanternError) {
    const fields = err.details.map((d) => (d.path === undefined ? d.message : `${d.path}: ${d.message}`));
    return fields.length === 0 ? err.message : `${err.message} (${fields.join('; ')})`;
  }
  return 'The entry could not be read';
}
