/**
 * Demo cases: a live-looking CAS queue of 25 cases across dispositions and breach bands (some
 * breached, some about to, most in hand), a few taken by the demo clinician, two calls still
 * being triaged, and a repeat caller. Each case names a demo patient of the patient index
 * (patients/demoPatients.ts, seeded first), as a real call identifies a traced patient, so the
 * special notes a clinician must see and the legitimate relationship are the real ones.
 *
 * 1) Idempotent by fixed ids: a case whose stream exists is left alone, so running the seed again
 *    writes nothing (its times stay those of the first run: the demo queue ages like a real one).
 * 2) Written through the event store, so the read models, the hash chain and live updates are
 *    exactly what real use produces. Cases go in parallel and are group-committed (fast).
 */
import { caseReference, getDisposition, type NewEvent } from '@lantern/core';
import { defaultPriority, dispositionSnapshot } from '../cases/commands.js';
import { CASE_STREAM } from '../cases/projection.js';
import type { EventStore } from '../eventlog/eventStore.js';
import { demoPatientSnapshot } from '../patients/demoPatients.js';
import type { Database } from '../storage/database.js';

/** The demo clinician (seed/demoUsers.ts), who holds a few cases. */
const DEMO_CLINICIAN = '019ad000-0000-7000-8000-00000000a002';
const DEMO_HANDLER = '019ad000-0000-7000-8000-00000000a001';
const MIN = 60_000;

interface DemoCase {
  /** The demo patient (patients/demoPatients.ts) the call is about. */
  patient: number;
  /** Who called, when not the patient. */
  caller?: string;
  complaint: string;
  /** Disposition code, or null for a call still being triaged. */
  code: string | null;
  /** Minutes since the call was taken, and since the disposition was reached. */
  openedAgo: number;
  reachedAgo?: number;
  taken?: boolean;
  phone?: string;
}

// Breach bands follow from timeframe and reachedAgo: breached when reachedAgo > timeframe.
const CASES: DemoCase[] = [
  {
    patient: 0,
    caller: 'Rosebank Care Home',
    complaint: 'Fall in her room, hip pain, cannot get up',
    code: 'Dx0122',
    openedAgo: 150,
    reachedAgo: 140,
  },
  {
    patient: 28,
    caller: 'Funmi Adeyemi',
    complaint: 'Fever 39.4, off his food, drowsy at times',
    code: 'Dx11',
    openedAgo: 80,
    reachedAgo: 72,
  },
  {
    patient: 3,
    complaint: 'Ran out of epilepsy medication (levetiracetam)',
    code: 'Dx85',
    openedAgo: 140,
    reachedAgo: 130,
  },
  {
    patient: 2,
    complaint: 'Abdominal pain, 10 weeks pregnant, light bleeding',
    code: 'LX-ED-1H',
    openedAgo: 70,
    reachedAgo: 64,
  },
  {
    patient: 19,
    complaint: 'Breathless on exertion, ankles swollen',
    code: 'Dx12',
    openedAgo: 120,
    reachedAgo: 112,
  },
  {
    patient: 8,
    complaint: 'Panic, thoughts of self-harm, feels unsafe tonight',
    code: 'LX-MH-1H',
    openedAgo: 60,
    reachedAgo: 55,
    taken: true,
  },
  {
    patient: 10,
    complaint: 'Severe toothache and facial swelling',
    code: 'Dx17',
    openedAgo: 58,
    reachedAgo: 52,
  },
  {
    patient: 9,
    caller: 'Carol McCarthy',
    complaint: 'Confused, new urinary symptoms, temperature 38.2',
    code: 'Dx05',
    openedAgo: 110,
    reachedAgo: 104,
  },
  {
    patient: 23,
    complaint: 'Cut to hand from a kitchen knife, bleeding controlled',
    code: 'Dx02',
    openedAgo: 55,
    reachedAgo: 50,
  },
  {
    patient: 20,
    complaint: 'Migraine not settling with usual treatment',
    code: 'Dx05',
    openedAgo: 95,
    reachedAgo: 90,
    taken: true,
  },
  {
    patient: 13,
    caller: 'Beechwood Nursing Home',
    complaint: 'Catheter blocked, lower tummy pain',
    code: 'Dx110',
    openedAgo: 185,
    reachedAgo: 180,
  },
  {
    patient: 15,
    caller: 'Siobhan O’Connor',
    complaint: 'Rash and itchy eyes after eating nuts, breathing normal',
    code: 'Dx12',
    openedAgo: 85,
    reachedAgo: 80,
  },
  {
    patient: 7,
    complaint: 'Back pain after lifting, no red flags',
    code: 'Dx13',
    openedAgo: 250,
    reachedAgo: 240,
    phone: '07700 900555',
  },
  {
    patient: 7,
    complaint: 'Back pain worse, struggling to sleep',
    code: 'Dx13',
    openedAgo: 120,
    reachedAgo: 115,
    phone: '07700 900555',
  },
  {
    patient: 7,
    complaint: 'Back pain, now numbness in the saddle area',
    code: 'LX-ED-4H',
    openedAgo: 25,
    reachedAgo: 20,
    phone: '07700 900555',
  },
  {
    patient: 24,
    complaint: 'Palpitations on and off today, feels well now',
    code: 'Dx06',
    openedAgo: 50,
    reachedAgo: 45,
    taken: true,
  },
  {
    patient: 11,
    complaint: 'Burning when passing urine for two days',
    code: 'LX-PHARMACY-24H',
    openedAgo: 40,
    reachedAgo: 36,
  },
  {
    patient: 17,
    complaint: 'Sore throat, fever, difficulty swallowing saliva',
    code: 'Dx06',
    openedAgo: 35,
    reachedAgo: 30,
  },
  {
    patient: 18,
    caller: 'James Robinson',
    complaint: 'Vomiting and diarrhoea since yesterday, still drinking',
    code: 'Dx14',
    openedAgo: 30,
    reachedAgo: 26,
  },
  {
    patient: 26,
    complaint: 'Needs emergency contraception',
    code: 'Dx12',
    openedAgo: 20,
    reachedAgo: 15,
  },
  {
    patient: 25,
    complaint: 'Chest tightness on walking, settles with rest',
    code: 'Dx11',
    openedAgo: 18,
    reachedAgo: 12,
  },
  {
    patient: 27,
    caller: 'Ann Lowe',
    complaint: 'More confused than usual since this afternoon',
    code: 'Dx05',
    openedAgo: 15,
    reachedAgo: 8,
  },
  {
    patient: 16,
    complaint: 'Lost dentures and broken tooth, no pain',
    code: 'LX-DENTAL-ROUTINE',
    openedAgo: 12,
    reachedAgo: 8,
  },
  {
    patient: 4,
    complaint: 'Headache since this morning',
    code: null,
    openedAgo: 4,
  },
  {
    patient: 5,
    caller: 'Jean Campbell',
    complaint: 'Short of breath, worse than his usual COPD',
    code: null,
    openedAgo: 2,
  },
];

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** Fixed UUIDv7-shaped ids in the demo's own range. */
const demoId = (kind: number, n: number) => `019ad000-0000-7000-8${hex(kind, 3)}-${hex(n, 12)}`;

export async function seedDemoCases(
  database: Database,
  eventStore: EventStore,
  orgId: string,
): Promise<string[]> {
  const caseIds = CASES.map((_, i) => demoId(0xc01, i + 1));
  const existing = await database.db
    .selectFrom('events')
    .select('stream_id')
    .distinct()
    .where('org_id', '=', orgId)
    .where('stream_id', 'in', caseIds)
    .execute();
  const seeded = new Set(existing.map((r) => r.stream_id));
  const now = Date.now();
  const plans = CASES.map((c, i) => ({
    c,
    i,
    caseId: caseIds[i] as string,
    patient: demoPatientSnapshot(c.patient),
  }));
  const repeat = plans.filter((p) => p.c.phone === '07700 900555').map((p) => p.caseId);
  const todo = plans.filter((p) => !seeded.has(p.caseId));
  await Promise.all(
    todo.map(({ c, i, caseId, patient }) => {
      const at = (ago: number) => new Date(now - ago * MIN).toISOString();
      let n = 0;
      const event = (
        type: string,
        data: Record<string, unknown>,
        ago: number,
        actor = DEMO_HANDLER,
      ): NewEvent => ({
        id: demoId(0xe00 + i, ++n),
        type,
        data: data as NewEvent['data'],
        occurredAt: at(ago),
        actor,
      });
      const events: NewEvent[] = [
        event(
          'CaseOpened',
          {
            call: {
              callerName: c.caller ?? `${patient.demographics.givenName} ${patient.demographics.familyName}`,
              relationshipToPatient: c.caller
                ? /Care|Nursing/.test(c.caller)
                  ? 'care-home-staff'
                  : 'relative'
                : 'self',
              callBackNumber: c.phone ?? `07700 900${String(100 + i).padStart(3, '0')}`,
            },
            location: { addressLines: patient.address.lines, postcode: patient.address.postcode },
            arrivedVia: 'phone-111',
            serviceId: 'lantern-demo-cas',
            openedBy: DEMO_HANDLER,
          },
          c.openedAgo,
        ),
        event('PresentingComplaintRecorded', { text: c.complaint }, c.openedAgo - 0.5),
        event(
          'PatientIdentified',
          {
            patientId: patient.patientId,
            nhsNumber: patient.nhsNumber,
            verified: false,
            demographics: patient.demographics,
          },
          c.openedAgo - 1,
        ),
      ];
      if (c.phone && repeat.indexOf(caseId) >= 2) {
        events.push(
          event(
            'RepeatCallerFlagged',
            { priorCaseIds: repeat.slice(0, repeat.indexOf(caseId)), windowHours: 96 },
            c.openedAgo - 1,
          ),
        );
      }
      if (c.code !== null && c.reachedAgo !== undefined) {
        const d = getDisposition(c.code);
        events.push(
          event(
            'DispositionReached',
            { ...dispositionSnapshot(d), protocolId: 'demo', protocolVersion: '1.0.0', source: 'triage' },
            c.reachedAgo,
          ),
          event('CaseQueued', { queue: d.skillset, priority: defaultPriority(d) }, c.reachedAgo - 0.5),
        );
        if (c.taken)
          events.push(
            event('CaseAssigned', { clinicianId: DEMO_CLINICIAN }, c.reachedAgo - 3, DEMO_CLINICIAN),
          );
      }
      return eventStore.append(orgId, { type: CASE_STREAM, id: caseId }, 0, events);
    }),
  );
  const example = caseReference(caseIds[0] as string);
  return [
    todo.length > 0
      ? `Demo queue: ${todo.length} cases across dispositions and breach bands (e.g. ${example})`
      : `Demo queue: already seeded (${CASES.length} cases, e.g. ${example})`,
  ];
}
