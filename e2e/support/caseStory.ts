/**
 * Setting the scene for browser stories about cases, through the real HTTP API (the stories
 * themselves then act in the browser): colleagues in one organisation, patients in its index
 * with special notes, and cases already queued, as earlier calls of the shift left them.
 */
import { newId, PATIENT_STREAM, type Role } from '@lantern/core';
import {
  type Caller,
  callerFor,
  openCase,
  TO_DX05,
  triageTo,
} from '../../packages/server/src/cases/caseTestKit.js';
import { createUser } from '../../packages/server/src/identity/users.js';
import {
  type SignedIn,
  signIn,
  type TestClock,
  type TestUser,
} from '../../packages/server/src/testing/identityFixtures.js';
import type { LanternServer } from './lanternServer.js';

/** The fixtures' sign-in, on the browser server's clock (its TOTP steps and sessions). */
function clockOf(server: LanternServer): TestClock {
  return {
    get ms() {
      return server.clock.now().getTime();
    },
    now: server.clock.now,
    advance: (seconds: number) => server.clock.advance(seconds),
  } as unknown as TestClock;
}

/** Signs in over HTTP (enrolling TOTP the first time); the secret also signs them in in a browser. */
export function apiSignIn(server: LanternServer, user: TestUser): Promise<SignedIn> {
  return signIn(server.test.app, clockOf(server), user);
}

export async function apiCaller(
  server: LanternServer,
  user: TestUser,
): Promise<{ api: Caller; secret: string }> {
  const session = await apiSignIn(server, user);
  return { api: callerFor(server.test.app, session), secret: session.totpSecret };
}

export async function addColleague(
  server: LanternServer,
  orgId: string,
  role: Role,
  displayName: string,
): Promise<TestUser> {
  const username = `${displayName.toLowerCase().replace(/\W+/g, '.')}.${orgId.slice(-4)}@e2e.lantern`;
  const password = `correct horse ${role} staple`;
  const u = await createUser(server.test.db.database, {
    orgId,
    username,
    displayName,
    password,
    roles: [role],
  });
  return { id: u.id, orgId, username, password, roles: [role] };
}

export interface IndexedPatient {
  patientId: string;
  nhsNumber: string;
}

/** A patient in the organisation's index, with special notes in force. */
export async function indexPatient(
  server: LanternServer,
  orgId: string,
  p: {
    nhsNumber: string;
    given: string;
    family: string;
    birthDate: string;
    gender: string;
    postcode: string;
  },
  notes: [kind: string, text: string][] = [],
): Promise<IndexedPatient> {
  const patientId = newId();
  const demographics = {
    nhsNumber: p.nhsNumber,
    name: { given: [p.given], family: p.family },
    birthDate: p.birthDate,
    gender: p.gender,
    address: { lines: ['1 Test Street'], postcode: p.postcode },
  };
  await server.test.eventStore.append(orgId, { type: PATIENT_STREAM, id: patientId }, 0, [
    { id: newId(), type: 'PatientRegistered', data: { demographics }, actor: 'system:e2e' },
    ...notes.map(([kind, text]) => ({
      id: newId(),
      type: 'SpecialNoteAdded',
      data: { noteId: newId(), kind, text },
      actor: 'system:e2e',
    })),
  ]);
  return { patientId, nhsNumber: p.nhsNumber };
}

let nextNumber = 0;

/** A case as a call handler leaves it: opened, patient identified, triaged to Dx05, queued. */
export async function queuedCase(
  api: Caller,
  options: {
    patient?: IndexedPatient & { given: string; family: string };
    phone?: string;
    complaint?: string;
  } = {},
): Promise<{ caseId: string; reference: string }> {
  const caseId = await openCase(api, {
    presentingComplaint: options.complaint ?? 'Headache and pain in the jaw when chewing',
    // The patient calling for themselves, from a number of their own (no accidental repeat caller).
    ...(options.patient
      ? {
          call: {
            callerName: `${options.patient.given} ${options.patient.family}`,
            relationshipToPatient: 'self',
            callBackNumber: options.phone ?? `07700 900${String(700 + nextNumber++)}`,
          },
        }
      : {}),
  });
  if (options.patient) {
    const res = await api.post(`/api/cases/${caseId}/patient`, {
      patientId: options.patient.patientId,
      nhsNumber: options.patient.nhsNumber,
      verified: false,
      demographics: { givenName: options.patient.given, familyName: options.patient.family },
    });
    if (res.statusCode !== 200) throw new Error(`identify failed: ${res.statusCode} ${res.body}`);
  }
  await triageTo(api, caseId, TO_DX05);
  await api.post(`/api/cases/${caseId}/triage/complete`, { eventId: newId() });
  const queued = await api.post(`/api/cases/${caseId}/queue`);
  if (queued.statusCode !== 200) throw new Error(`queue failed: ${queued.statusCode} ${queued.body}`);
  return { caseId, reference: queued.json().case.reference as string };
}
