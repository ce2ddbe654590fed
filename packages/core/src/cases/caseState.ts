/**
 * A case as a clinician's screen needs it, derived from the case's events by `foldCase`.
 * Plain JSON-safe data (no Dates, no Maps) so the server can send it and the browser can cache it.
 */
import type { NormalisedPostcode } from '../geo/postcode.js';
import type { NhsNumber } from '../patients/nhsNumber.js';
import type {
  AMBULANCE_CATEGORIES,
  CALL_BACK_OUTCOMES,
  CALLER_RELATIONSHIPS,
  CASE_CHANNELS,
  CASE_OUTCOMES,
  DISPOSITION_SOURCES,
  NOTE_KINDS,
  PATIENT_SEXES,
  TRANSFER_METHODS,
} from './caseEventSchemas.js';
import type { CaseReference } from './caseReference.js';
import type { CaseStatus, ClosureKind } from './caseTransitions.js';
import type { News2Readings, News2Score, OBSERVATION_SOURCES } from './observations.js';
import type { UkPhoneNumber } from './ukPhoneNumber.js';

export interface CaseCaller {
  readonly name: string;
  readonly relationshipToPatient: (typeof CALLER_RELATIONSHIPS)[number];
  readonly relationshipDetail: string | null;
  readonly callBackNumber: UkPhoneNumber;
}

export interface CaseLocation {
  readonly addressLines: readonly string[];
  readonly postcode: NormalisedPostcode;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly notes: string | null;
}

export interface CasePatient {
  readonly patientId: string;
  readonly nhsNumber: NhsNumber | null;
  /** Traced and confirmed on PDS. An unverified patient is shown as such. */
  readonly verified: boolean;
  /** "Jane Smith", or "Name not known". */
  readonly displayName: string;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly dateOfBirth: string | null;
  readonly sex: (typeof PATIENT_SEXES)[number] | null;
  readonly gpPracticeOds: string | null;
  readonly gpPracticeName: string | null;
  readonly identifiedAt: string;
}

export interface CaseDisposition {
  readonly code: string;
  readonly label: string;
  readonly timeframeMinutes: number | null;
  readonly skillset: string;
  readonly ambulanceCategory: (typeof AMBULANCE_CATEGORIES)[number] | null;
  readonly protocolId: string | null;
  readonly protocolVersion: string | null;
  readonly source: (typeof DISPOSITION_SOURCES)[number];
  readonly reason: string | null;
  /** When this disposition became the case's disposition; its breach time counts from here. */
  readonly reachedAt: string;
  readonly reachedBy: string | null;
}

export interface CaseDispositionOverride {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly clinicianId: string;
  readonly at: string;
}

export interface CaseNote {
  readonly eventId: string | null;
  readonly kind: (typeof NOTE_KINDS)[number];
  readonly text: string;
  readonly authorId: string;
  readonly at: string;
}

export interface CaseCallBack {
  readonly eventId: string | null;
  readonly outcome: (typeof CALL_BACK_OUTCOMES)[number];
  readonly number: UkPhoneNumber;
  /** When the call was made (may differ from when it was recorded). */
  readonly at: string;
  readonly recordedBy: string | null;
}

export interface CaseObservation {
  readonly eventId: string | null;
  readonly observations: News2Readings;
  readonly news2: News2Score;
  readonly source: (typeof OBSERVATION_SOURCES)[number];
  /** When the readings were taken. */
  readonly takenAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string | null;
}

export interface CaseOutcome {
  readonly outcome: (typeof CASE_OUTCOMES)[number];
  readonly summary: string;
  readonly at: string;
  readonly by: string | null;
}

export interface CaseClosure {
  readonly kind: ClosureKind;
  readonly reason: string;
  readonly at: string;
  readonly by: string | null;
  /** Set when the case was transferred. */
  readonly transfer: {
    readonly toService: string;
    readonly toServiceName: string | null;
    readonly method: (typeof TRANSFER_METHODS)[number];
  } | null;
}

export interface CaseFlags {
  readonly repeatCaller: {
    readonly priorCaseIds: readonly string[];
    readonly windowHours: number;
    readonly at: string;
  } | null;
  /** Special patient notes and care plans shown to 111/CAS clinicians; not yet recorded on a case. */
  readonly specialNotes: readonly string[];
}

export interface CaseTimelineEntry {
  readonly eventId: string | null;
  readonly type: string;
  readonly at: string;
  readonly actor: string | null;
  readonly summary: string;
}

/** An event the fold could not use, or one recorded although the rules would now refuse it. */
export interface CaseProblem {
  readonly eventId: string | null;
  readonly type: string;
  readonly at: string;
  readonly message: string;
}

export interface CaseState {
  readonly caseId: string;
  readonly reference: CaseReference;
  readonly status: CaseStatus;
  readonly closure: CaseClosure | null;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly arrivedVia: (typeof CASE_CHANNELS)[number];
  readonly serviceId: string;
  readonly caller: CaseCaller;
  readonly location: CaseLocation;
  readonly patient: CasePatient | null;
  readonly presentingComplaint: {
    readonly text: string;
    readonly at: string;
    readonly by: string | null;
  } | null;
  readonly disposition: CaseDisposition | null;
  /** Every disposition the case has had, oldest first (the current one last). */
  readonly dispositionHistory: readonly CaseDisposition[];
  readonly overrides: readonly CaseDispositionOverride[];
  /** ISO 8601 UTC; null without a disposition or when the disposition has no timeframe. */
  readonly breachAt: string | null;
  /** 1 (most urgent) to 5; null until queued. */
  readonly priority: number | null;
  readonly queue: string | null;
  readonly queuedAt: string | null;
  readonly assignedTo: string | null;
  readonly assignedAt: string | null;
  readonly notes: readonly CaseNote[];
  readonly callBacks: readonly CaseCallBack[];
  /** Observation sets with their NEWS2, oldest first. */
  readonly observations: readonly CaseObservation[];
  /** The outcome since the case was last (re)opened. */
  readonly outcome: CaseOutcome | null;
  readonly flags: CaseFlags;
  readonly timeline: readonly CaseTimelineEntry[];
  readonly problems: readonly CaseProblem[];
  /** How many distinct events were read (duplicates by id are read once). */
  readonly eventCount: number;
  readonly updatedAt: string;
}
