/**
 * The reads and commands of the case screen (packages/server/src/cases). Every command carries
 * a fresh event id (UUIDv7, core's newId), so a retry is answered, never repeated.
 */
import type { BreachBand, CaseState, News2Readings } from '@lantern/core';
import { newId } from '@lantern/core';
import { api } from '../api/client.js';

export type CaseView = CaseState & { version: number; breachBand: BreachBand };

export interface CommandResult {
  case: CaseView;
  duplicate: boolean;
}

export interface HistoryEntry {
  eventId: string | null;
  seq: number | null;
  stream: 'case' | 'triage';
  type: string;
  at: string;
  recordedAt: string | null;
  actor: { id: string | null; name: string | null };
  summary: string;
}

export interface PriorCase {
  caseId: string;
  reference: string;
  openedAt: string;
  status: string;
  dispositionCode: string | null;
  dispositionLabel: string | null;
  presentingComplaint: string | null;
  outcome: string | null;
  linkedBy: 'patient' | 'repeat-caller';
}

export interface CaseHistory {
  caseId: string;
  reference: string;
  version: number;
  entries: HistoryEntry[];
  triages: {
    triageId: string;
    protocolId: string;
    protocolVersion: string;
    status: string;
    answers: number;
    dispositionCode: string | null;
    startedAt: string;
  }[];
  priorCases: PriorCase[];
  people: Record<string, string>;
}

export const getCase = (caseId: string) => api.get<CaseView>(`/api/cases/${caseId}`);
export const getCaseHistory = (caseId: string) => api.get<CaseHistory>(`/api/cases/${caseId}/history`);

/** A case command: its address under /api/cases/:id/ and its body (without the event id). */
export interface CaseCommand {
  path:
    | 'take'
    | 'release'
    | 'notes'
    | 'call-backs'
    | 'observations'
    | 'outcome'
    | 'disposition-override'
    | 'transfer'
    | 'close'
    | 'reopen'
    | 'queue';
  body: Record<string, unknown>;
  /**
   * The version the user saw, for decisions that must not be made on a stale view (take, close,
   * override). Additive facts (a note, a call-back) leave it out: the server re-checks them
   * against the case as it is, so they land even if a colleague acted a moment before.
   */
  expectedVersion?: number;
}

export function sendCaseCommand(caseId: string, command: CaseCommand): Promise<CommandResult> {
  return api.post<CommandResult>(`/api/cases/${caseId}/${command.path}`, {
    eventId: newId(),
    ...(command.expectedVersion === undefined ? {} : { expectedVersion: command.expectedVersion }),
    ...command.body,
  });
}

export interface ObservationsBody {
  observations: News2Readings;
  takenAt: string;
  source: string;
}
