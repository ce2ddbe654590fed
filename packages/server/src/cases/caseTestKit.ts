/**
 * Helpers for case stories through the real app: a signed-in user's HTTP calls, a call as a
 * call handler takes it, and a triage driven to a known disposition. Test support only.
 */
import { newId, PATIENT_STREAM } from '@lantern/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { EventStore } from '../eventlog/eventStore.js';
import type { SignedIn } from '../testing/identityFixtures.js';

export interface Caller {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export function callerFor(app: FastifyInstance, who: SignedIn): Caller {
  return {
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie: who.cookie } }),
    post: (url, payload = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
        payload: payload as Record<string, unknown>,
      }),
  };
}

/**
 * A call as the call handler types it; pass overrides for the fields under test. Each call comes
 * from its own number in Ofcom's drama range (07700 900000-900999), so unrelated test calls do
 * not make a repeat caller.
 */
let nextNumber = Math.floor(Math.random() * 1000);
export function aCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  nextNumber = (nextNumber + 1) % 1000;
  return {
    call: {
      callerName: 'Amara Okafor',
      relationshipToPatient: 'self',
      callBackNumber: `07700 900${String(nextNumber).padStart(3, '0')}`,
    },
    location: { postcode: 'm1 3he', addressLines: ['14 Oxford Road', 'Manchester'] },
    arrivedVia: 'phone-111',
    serviceId: 'gm-111',
    ...overrides,
  };
}

/** Opens a case and returns its id (throws with the answer if it was refused). */
export async function openCase(api: Caller, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/api/cases', aCall(overrides));
  if (res.statusCode !== 201) throw new Error(`open failed: ${res.statusCode} ${res.body}`);
  return res.json().case.caseId as string;
}

/** The headache protocol path to Dx05 (jaw pain on chewing at 72: primary care within 2 hours). */
export const TO_DX05 = {
  protocolId: 'headache',
  patient: { ageYears: 72, sex: 'male' },
  answers: { 'ha-giant-cell': 'yes' } as Record<string, string>,
  expect: 'Dx05',
};

/** Starts a triage and answers every question ('no' unless given) until it reaches a disposition. */
export async function triageTo(
  api: Caller,
  caseId: string,
  path: { protocolId: string; patient: Record<string, unknown>; answers: Record<string, string> } = TO_DX05,
): Promise<LightMyRequestResponse> {
  let res = await api.post(`/api/cases/${caseId}/triage`, {
    protocolId: path.protocolId,
    patient: path.patient,
    presentingComplaint: 'Headache and pain in the jaw when chewing',
  });
  if (res.statusCode !== 201) throw new Error(`triage start failed: ${res.statusCode} ${res.body}`);
  for (let i = 0; i < 60 && res.json().state.status === 'in-progress'; i++) {
    const q = res.json().state.question.question as { id: string; type: string };
    res = await api.post(`/api/cases/${caseId}/triage/answer`, {
      questionId: q.id,
      value: path.answers[q.id] ?? (q.type === 'multiple-choice' ? [] : 'no'),
      eventId: newId(),
    });
    if (res.statusCode !== 200) throw new Error(`answer failed: ${res.statusCode} ${res.body}`);
  }
  return res;
}

export interface IndexedPatient {
  nhsNumber?: string;
  /** As a PDS trace adopts a record; HTTP registration cannot claim it. */
  nhsNumberVerified?: boolean;
  given?: string;
  family?: string;
  birthDate?: string;
  gender?: 'female' | 'male' | 'other' | 'unknown';
}

/**
 * Puts a patient in the organisation's index (a case may name only an indexed patient) and
 * returns the id. Appended as the patient stream's own event, so the index row is the real one.
 */
export async function indexPatient(
  eventStore: EventStore,
  orgId: string,
  p: IndexedPatient = {},
): Promise<string> {
  const patientId = newId();
  const demographics = {
    ...(p.nhsNumber === undefined ? {} : { nhsNumber: p.nhsNumber }),
    nhsNumberVerified: p.nhsNumberVerified ?? false,
    name: { given: [p.given ?? 'Sam'], family: p.family ?? 'Taylor' },
    birthDate: p.birthDate ?? '1970-01-01',
    gender: p.gender ?? 'unknown',
  };
  await eventStore.append(orgId, { type: PATIENT_STREAM, id: patientId }, 0, [
    { id: newId(), type: 'PatientRegistered', data: { demographics }, actor: 'test' },
  ]);
  return patientId;
}
