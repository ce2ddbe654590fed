/**
 * Helpers for patient stories: calling the API as a signed-in user, registering patients, and
 * giving a user's organisation an open case for a patient (the legitimate relationship).
 * A case is opened by appending the case stream's own events, so the case capability's
 * projection writes the `cases` row exactly as it does for a real call.
 */
import { newId } from '@lantern/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { EventStore } from '../eventlog/eventStore.js';
import type { SignedIn } from '../testing/identityFixtures.js';

type Method = 'GET' | 'POST' | 'PATCH';

export interface Api {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload: unknown): Promise<LightMyRequestResponse>;
}

export function apiAs(app: FastifyInstance, who: SignedIn): Api {
  const call = (method: Method, url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  return {
    get: (url) => call('GET', url),
    post: (url, payload) => call('POST', url, payload),
    patch: (url, payload) => call('PATCH', url, payload),
  };
}

export interface PatientDetails {
  nhsNumber?: string;
  name: { prefix?: string; given?: string[]; family: string };
  birthDate: string;
  gender: 'female' | 'male' | 'other' | 'unknown';
  address?: { lines?: string[]; postcode?: string };
  [field: string]: unknown;
}

/** A registration body with fresh client-made ids. */
export function registration(demographics: PatientDetails): {
  id: string;
  eventId: string;
  demographics: PatientDetails;
} {
  return { id: newId(), eventId: newId(), demographics };
}

/** Registers and returns the new patient's id; throws unless the server said 201. */
export async function registerPatient(api: Api, demographics: PatientDetails): Promise<string> {
  const body = registration(demographics);
  const res = await api.post('/api/patients', body);
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  return body.id;
}

/** Opens a case at `orgId` for `patientId` (CaseOpened + PatientIdentified); returns its id. */
export async function openCaseFor(eventStore: EventStore, orgId: string, patientId: string): Promise<string> {
  const caseId = newId();
  await eventStore.append(orgId, { type: 'case', id: caseId }, 0, [
    {
      id: newId(),
      type: 'CaseOpened',
      data: {
        call: {
          callerName: 'Pat Caller',
          relationshipToPatient: 'relative',
          callBackNumber: '+447700900123',
        },
        location: { postcode: 'M1 1AE' },
        arrivedVia: 'phone-111',
        serviceId: 'iuc-core',
        openedBy: 'test',
      },
      actor: 'test',
    },
    {
      id: newId(),
      type: 'PatientIdentified',
      data: { patientId, verified: false, demographics: {} },
      actor: 'test',
    },
  ]);
  return caseId;
}

/** Closes a case (the relationship it gave ends with it). */
export async function closeCase(eventStore: EventStore, orgId: string, caseId: string): Promise<void> {
  await eventStore.append(orgId, { type: 'case', id: caseId }, 'any', [
    { id: newId(), type: 'CaseClosed', data: { reason: 'Advice given, call ended' }, actor: 'test' },
  ]);
}
