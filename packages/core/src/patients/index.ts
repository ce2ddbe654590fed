/**
 * The patient capability's public surface: the NHS number, dates of birth, the demographics model
 * and its schemas, the `patient` stream's events and reducer, and the ranked match used to find
 * the patient on the phone. Everything else in this folder is internal.
 */
export {
  ageOn,
  type DateOfBirthProblem,
  type DateOfBirthResult,
  EARLIEST_BIRTH_DATE,
  ensureDateOfBirth,
  isCalendarDate,
  parseDateOfBirth,
  ukToday,
} from './dateOfBirth.js';
export {
  ADMINISTRATIVE_GENDERS,
  type AdministrativeGender,
  applyDemographicsChanges,
  COMMUNICATION_NEEDS,
  type CommunicationNeed,
  type CommunicationNeedKind,
  type Demographics,
  type DemographicsChanges,
  type DemographicsChangesInput,
  type DemographicsInput,
  demographicsChangesSchema,
  demographicsSchema,
  displayPatientName,
  ensureCoherentDemographics,
  type PatientAddress,
  type PatientName,
  type PatientPhone,
  PHONE_USES,
  type PhoneUse,
  parseDemographics,
  parseDemographicsChanges,
  SPECIAL_NOTE_KINDS,
  SPECIAL_NOTE_LABELS,
  SPECIAL_NOTE_MAX,
  type SpecialNoteKind,
} from './demographics.js';
export {
  activeSpecialNotes,
  applyPatientEvent,
  ensureSpecialNoteCanBeAdded,
  ensureSpecialNoteCanBeEnded,
  foldPatient,
  type PatientEventRecord,
  type PatientProblem,
  type PatientState,
  type SpecialNote,
} from './foldPatient.js';
export {
  DEFAULT_MATCH_LIMIT,
  editDistance,
  type MatchCandidate,
  type MatchReason,
  MIN_MATCH_SCORE,
  matchPatients,
  nameKey,
  type PatientMatch,
  type PatientSearchQuery,
  soundex,
} from './matchPatients.js';
export {
  ensureNhsNumber,
  formatNhsNumber,
  generateTestNhsNumber,
  isNhsNumber,
  type NhsNumber,
  type NhsNumberProblem,
  type NhsNumberResult,
  nhsNumberCheckDigit,
  parseNhsNumber,
} from './nhsNumber.js';
export {
  isPatientEventType,
  PATIENT_EVENT_SCHEMAS,
  PATIENT_EVENT_TYPES,
  PATIENT_STREAM,
  type PatientEvent,
  type PatientEventDataMap,
  type PatientEventType,
  parsePatientEvent,
} from './patientEvents.js';
export { type PatientPhoneNumber, type PatientPhoneResult, parsePatientPhone } from './patientPhone.js';
