/**
 * The case capability's public surface: the `case` stream's event catalogue and parser, the
 * state machine, the reducer, breach times and queue order, case references, call-back numbers
 * and repeat-caller detection. Everything else in this folder is internal.
 */

export {
  type BreachBand,
  breachAt,
  breachBand,
  type Instant,
  isIsoInstant,
  msUntilBreach,
} from './breach.js';
export {
  AMBULANCE_CATEGORIES,
  CALL_BACK_OUTCOMES,
  CALLER_RELATIONSHIPS,
  CASE_CHANNELS,
  CASE_EVENT_SCHEMAS,
  CASE_OUTCOMES,
  type CallerRelationship,
  type CaseChannel,
  DISPOSITION_SOURCES,
  NOTE_KINDS,
  PATIENT_SEXES,
  TRANSFER_METHODS,
} from './caseEventSchemas.js';
export {
  CASE_REFERENCE_ALPHABET,
  type CaseReference,
  type CaseReferenceProblem,
  type CaseReferenceResult,
  caseReference,
  ensureCaseReference,
  parseCaseReference,
} from './caseReference.js';
export type {
  CaseCallBack,
  CaseCaller,
  CaseClosure,
  CaseDisposition,
  CaseDispositionOverride,
  CaseFlags,
  CaseLocation,
  CaseNote,
  CaseObservation,
  CaseOutcome,
  CasePatient,
  CaseProblem,
  CaseState,
  CaseTimelineEntry,
} from './caseState.js';
export {
  CASE_STATUSES,
  type CaseStatus,
  type ClosureKind,
  checkTransition,
  ensureTransition,
  nextStatus,
  type TransitionCheck,
  type TransitionState,
} from './caseTransitions.js';
export { compareQueueEntries, type QueueEntry, queueEntryOf, sortQueue } from './compareQueueEntries.js';
export {
  detectRepeatCaller,
  type PriorCase,
  REPEAT_CALLER_THRESHOLD,
  REPEAT_CALLER_WINDOW_HOURS,
  type RepeatCallerOptions,
  type RepeatCallerResult,
} from './detectRepeatCaller.js';
export { applyCaseEvent, type CaseEventRecord, type FoldCaseOptions, foldCase } from './foldCase.js';
export {
  buildObservationsRecorded,
  CONSCIOUSNESS_LEVELS,
  type News2Readings,
  type News2Response,
  type News2Score,
  type News2Urgency,
  news2ClinicalResponse,
  OBSERVATION_SOURCES,
  type ObservationsInput,
  scoreOf as news2ScoreOf,
} from './observations.js';
export {
  CASE_EVENT_TYPES,
  type CaseEvent,
  type CaseEventData,
  type CaseEventDataMap,
  type CaseEventInputMap,
  type CaseEventOf,
  type CaseEventType,
  isCaseEventType,
  parseCaseEvent,
} from './parseCaseEvent.js';
export { summariseCaseEvent } from './summariseCaseEvent.js';
export {
  ensureUkPhoneNumber,
  formatUkPhoneNumber,
  isUkPhoneNumber,
  parseUkPhoneNumber,
  type UkPhoneNumber,
  type UkPhoneProblem,
  type UkPhoneResult,
} from './ukPhoneNumber.js';
