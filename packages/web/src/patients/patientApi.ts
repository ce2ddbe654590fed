/**
 * The patient index as the console uses it (packages/server/src/patients): the trace (search
 * by NHS number, or family name with date of birth, given name or postcode), registering a
 * patient the trace did not find, the full record (open to those with an open case for the
 * patient), and naming the patient on a case.
 */
import { newId, type PatientState, type SpecialNote } from '@lantern/core';
import { api, query } from '../api/client.js';

export interface TraceMatch {
  patientId: string | null;
  source: 'local' | 'pds';
  score: number;
  matchedOn: string[];
  nhsNumber: string | null;
  name: { prefix?: string; given: string[]; family: string };
  birthDate: string;
  postcode: string | null;
  specialNoteCount: number;
  restricted?: boolean;
}

export interface TraceQuery {
  nhsNumber?: string;
  family?: string;
  given?: string;
  birthDate?: string;
  postcode?: string;
}

export function tracePatients(q: TraceQuery): Promise<{ source: string; matches: TraceMatch[] }> {
  return api.get(`/api/patients${query({ ...q })}`);
}

export type PatientRecord = PatientState & {
  activeSpecialNotes: SpecialNote[];
  access: { basis: 'open-case' } | { basis: 'break-glass'; grantId: string; expiresAt: string };
};

export const getPatientRecord = (patientId: string) => api.get<PatientRecord>(`/api/patients/${patientId}`);

export interface NewPatient {
  name: { given: string[]; family: string };
  birthDate: string;
  gender: 'female' | 'male' | 'other' | 'unknown';
  nhsNumber?: string;
  address?: { lines?: string[]; postcode?: string };
}

export async function registerPatient(demographics: NewPatient): Promise<PatientRecord> {
  return api.post<PatientRecord>('/api/patients', { id: newId(), eventId: newId(), demographics });
}

/** The patient chosen from a trace, as the case records it (a snapshot; the record stays the truth). */
export interface ChosenPatient {
  patientId: string;
  nhsNumber: string | null;
  givenName: string | null;
  familyName: string;
  birthDate: string;
  gender?: string;
  postcode: string | null;
  specialNoteCount: number;
}

export function identifyPatientOnCase(caseId: string, p: ChosenPatient) {
  return api.post<{ case: { caseId: string; version: number; flags: { repeatCaller: unknown } } }>(
    `/api/cases/${caseId}/patient`,
    {
      eventId: newId(),
      patientId: p.patientId,
      ...(p.nhsNumber ? { nhsNumber: p.nhsNumber } : {}),
      // Only a PDS trace can verify; the local index never claims it.
      verified: false,
      demographics: {
        ...(p.givenName ? { givenName: p.givenName } : {}),
        familyName: p.familyName,
        dateOfBirth: p.birthDate,
        ...(p.gender && ['female', 'male', 'other', 'unknown'].includes(p.gender) ? { sex: p.gender } : {}),
      },
    },
  );
}
