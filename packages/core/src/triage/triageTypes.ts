/**
 * Plain-data shapes of a triage: the session (inputs only, so it can be stored as events and
 * replayed) and the outcome (everything derived, for the record and the receiving service).
 */
import type { AnswerValue } from './conditions.js';
import type { Disposition } from './dispositions.js';
import type { News2Result } from './news2.js';
import type { PatientSex, Protocol, Question } from './protocolSchema.js';

export type { AnswerValue } from './conditions.js';

export interface TriagePatient {
  readonly ageYears: number;
  readonly sex: PatientSex;
  readonly pregnant?: boolean;
}

export interface TriageAnswer {
  readonly questionId: string;
  readonly value: AnswerValue;
}

/**
 * A triage in progress or finished. Holds only inputs: the protocols, the patient and the
 * answers on the current path, in the order asked. Everything else is derived, so the same
 * session always gives the same next question and the same outcome.
 */
export interface TriageSession {
  readonly format: 'lantern.triage-session/1';
  readonly sieve: Protocol;
  readonly protocol: Protocol;
  readonly patient: TriagePatient;
  readonly presentingComplaint: string;
  /** ISO date the triage is performed on, used only to flag a protocol past its review date. */
  readonly asOf: string | null;
  readonly answers: readonly TriageAnswer[];
}

export type TriageStage = 'sieve' | 'protocol';

export interface PendingQuestion {
  readonly stage: TriageStage;
  readonly protocolId: string;
  readonly protocolVersion: string;
  /** 1-based position in the conversation (sieve questions included). */
  readonly number: number;
  readonly question: Question;
}

export interface FiredRedFlag {
  readonly id: string;
  readonly label: string;
  readonly atLeast: string;
  readonly protocolId: string;
  readonly questionId: string;
  readonly source: string | null;
}

export interface RuleTarget {
  readonly kind: 'question' | 'disposition' | 'continue';
  /** The next question id or the disposition code; null for continue. */
  readonly to: string | null;
}

export interface TranscriptEntry {
  readonly stage: TriageStage;
  readonly protocolId: string;
  readonly protocolVersion: string;
  readonly questionId: string;
  readonly questionText: string;
  readonly answer: AnswerValue;
  readonly answerText: string;
  readonly ruleFired: { readonly index: number; readonly description: string; readonly target: RuleTarget };
  readonly redFlags: readonly FiredRedFlag[];
  /** Set on the step where NEWS2 became computable. */
  readonly news2: News2Result | null;
}

export interface TriageWarning {
  readonly code: 'protocol-draft' | 'protocol-review-overdue' | 'news2-not-applicable';
  readonly message: string;
}

export interface DispositionOverride {
  readonly from: string;
  readonly to: string;
  readonly direction: 'up' | 'down';
  readonly reason: string;
  readonly clinicianId: string;
  readonly at: string;
  /** True if the new disposition is below a red-flag floor: kept for audit, never blocked. */
  readonly belowRedFlagFloor: boolean;
}

export interface TriageOutcome {
  readonly protocol: {
    readonly id: string;
    readonly version: string;
    readonly title: string;
    readonly status: 'draft' | 'approved';
    readonly reviewDate: string;
  };
  readonly sieve: { readonly id: string; readonly version: string };
  readonly patient: TriagePatient;
  readonly presentingComplaint: string;
  readonly endedIn: TriageStage;
  /** The disposition to act on: the engine's, or the latest clinician override. */
  readonly disposition: Disposition;
  /** What the engine reached (branching plus red-flag floors); never changed by an override. */
  readonly engineDisposition: Disposition;
  /** The disposition the branching rules reached before red-flag floors were applied. */
  readonly pathwayDispositionCode: string;
  /** Red flags whose floor raised the disposition above the pathway's (empty if none did). */
  readonly raisedByRedFlags: readonly string[];
  readonly redFlags: readonly FiredRedFlag[];
  readonly scores: { readonly news2: News2Result | null };
  /** Protocol-specific advice for the engine disposition (catalogue advice is on the disposition). */
  readonly protocolAdvice: readonly string[];
  readonly transcript: readonly TranscriptEntry[];
  readonly warnings: readonly TriageWarning[];
  readonly overrides: readonly DispositionOverride[];
}

export type TriageState =
  | {
      readonly status: 'in-progress';
      readonly question: PendingQuestion;
      readonly transcript: readonly TranscriptEntry[];
      readonly redFlags: readonly FiredRedFlag[];
    }
  | { readonly status: 'finished'; readonly outcome: TriageOutcome };
