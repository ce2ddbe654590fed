/**
 * The case API as the console uses it (packages/server/src/cases, triage/routes.ts). Ids are
 * made here (UUIDv7, core's newId) so that a retried request can never open a second case.
 */
import { newId, type TriagePatient, type TriageSession, type TriageState } from '@lantern/core';
import { api } from '../api/client.js';

export interface OpenCaseInput {
  call: {
    callerName: string;
    relationshipToPatient: string;
    relationshipDetail?: string;
    callBackNumber: string;
  };
  location: { addressLines?: string[]; postcode: string; notes?: string };
  arrivedVia: string;
  serviceId: string;
  presentingComplaint?: string;
  /** When the call was answered (the case's opening time), if earlier than now. */
  occurredAt?: string;
}

/** The parts of a case the console shows (the server sends the whole folded state). */
export interface CaseSummary {
  caseId: string;
  reference: string;
  status: string;
  version: number;
  breachAt: string | null;
  priority: number | null;
  queue: string | null;
  assignedTo: string | null;
  disposition: { code: string; label: string; timeframeMinutes: number | null } | null;
  flags?: { repeatCaller?: boolean };
}

export interface CommandResult {
  case: CaseSummary;
  duplicate: boolean;
}

export function openCase(input: OpenCaseInput, caseId: string = newId()): Promise<CommandResult> {
  return api.post<CommandResult>('/api/cases', { caseId, eventId: newId(), ...input });
}

export interface QueueEntry {
  caseId: string;
  reference: string;
  version: number;
  status: string;
  queue: string | null;
  skillset: string | null;
  priority: number | null;
  breachAt: string | null;
  breachBand: string;
  msUntilBreach: number | null;
  disposition: {
    code: string;
    label: string;
    timeframeMinutes: number | null;
    ambulanceCategory: string | null;
  } | null;
  openedAt: string | null;
  assignedTo: string | null;
  repeatCaller: boolean;
  patient: { patientId: string; name: string | null; dateOfBirth: string | null; sex: string | null } | null;
  presentingComplaint: string | null;
  postcode: string | null;
}

export function getQueue(mine: boolean): Promise<{ generatedAt: string; entries: QueueEntry[] }> {
  return api.get(`/api/queue${mine ? '?mine=true' : ''}`);
}

export function takeCase(entry: QueueEntry): Promise<CommandResult> {
  return api.post(`/api/cases/${entry.caseId}/take`, { eventId: newId(), expectedVersion: entry.version });
}

export function queueCase(caseId: string): Promise<CommandResult> {
  return api.post(`/api/cases/${caseId}/queue`, { eventId: newId() });
}

interface ServerTriage {
  triageId: string;
  version: number;
  completed: boolean;
  state: TriageState;
  case?: CaseSummary;
}

/**
 * Records a triage run in this console on the case: the server replays the same inputs
 * through the same engine (core), checking every answer again, then puts the disposition on
 * the case, which starts its breach timer. Returns the server's disposition code with the case.
 */
export async function recordTriageOnCase(
  caseId: string,
  session: TriageSession,
): Promise<{ dispositionCode: string | null; case: CaseSummary | null }> {
  const patient: TriagePatient = session.patient;
  const started = await api.post<ServerTriage>(`/api/cases/${caseId}/triage`, {
    triageId: newId(),
    eventId: newId(),
    protocolId: session.protocol.id,
    presentingComplaint: session.presentingComplaint,
    patient,
  });
  let version = started.version;
  for (const a of session.answers) {
    const step = await api.post<ServerTriage>(`/api/cases/${caseId}/triage/answer`, {
      triageId: started.triageId,
      eventId: newId(),
      expectedVersion: version,
      questionId: a.questionId,
      value: a.value,
    });
    version = step.version;
  }
  const done = await api.post<ServerTriage>(`/api/cases/${caseId}/triage/complete`, {
    triageId: started.triageId,
    eventId: newId(),
    expectedVersion: version,
  });
  return {
    dispositionCode: done.state.status === 'finished' ? done.state.outcome.disposition.code : null,
    case: done.case ?? null,
  };
}
