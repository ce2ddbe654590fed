/**
 * The triage capability's public surface: protocol schema and loading, the disposition
 * catalogue, NEWS2, the engine, overrides, protocol suggestions and protocol test coverage.
 * Everything else in this folder is internal.
 */

export { checkAnswerValue, describeAnswer } from './answerValue.js';
export type { AnswerValue, ConditionContext, ConditionPatient } from './conditions.js';
export { describeCondition, evaluateCondition } from './conditions.js';
export {
  type AmbulanceCategory,
  compareSeverity,
  DISPOSITIONS,
  type Disposition,
  findDisposition,
  getDisposition,
  isAtLeast,
  isDispositionCode,
  mostUrgent,
  SKILLSETS,
  type Skillset,
} from './dispositions.js';
export { LIFE_THREAT_SIEVE } from './lifeThreatSieve.js';
export { loadProtocolFromYaml, parseProtocolYaml } from './loadProtocolFromYaml.js';
export {
  type Consciousness,
  calculateNews2,
  NEWS2_PLAUSIBLE_RANGES,
  type News2Applicability,
  type News2Band,
  type News2Observations,
  type News2Result,
  type News2Subscores,
  news2Applicability,
} from './news2.js';
export { type OverrideInput, overrideDisposition } from './overrideDisposition.js';
export {
  CONTINUE_OUTCOME,
  computeProtocolCoverage,
  listReachableEdges,
  listReachableOutcomes,
  type ProtocolCoverage,
  type ProtocolEdge,
  runProtocolTestCase,
  type TestCaseResult,
} from './protocolCoverage.js';
export {
  type Applicability,
  type Condition,
  OBSERVATION_TAGS,
  type ObservationTag,
  type PatientSex,
  type Protocol,
  type ProtocolDefinition,
  type ProtocolDocument,
  type ProtocolSource,
  type ProtocolTestCase,
  protocolDocumentSchema,
  type Question,
  type QuestionType,
  type RedFlag,
  type Rule,
} from './protocolSchema.js';
export { type ProtocolSuggestion, suggestProtocols } from './suggestProtocols.js';
export {
  answer,
  back,
  changeAnswer,
  nextQuestion,
  outcome,
  type ReplayTriageInput,
  replayTriage,
  restoreTriage,
  type StartTriageInput,
  startTriage,
  triageState,
} from './triageSession.js';
export type {
  DispositionOverride,
  FiredRedFlag,
  PendingQuestion,
  RuleTarget,
  TranscriptEntry,
  TriageAnswer,
  TriageOutcome,
  TriagePatient,
  TriageSession,
  TriageStage,
  TriageState,
  TriageWarning,
} from './triageTypes.js';
export {
  isValidatedProtocol,
  type ValidatedDocument,
  validateProtocol,
  validateProtocolDocument,
} from './validateProtocol.js';
