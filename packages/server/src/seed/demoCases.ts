/**
 * Demo cases: a live-looking CAS queue of 25 cases across dispositions and breach bands (some
 * breached, some about to, most in hand), a few taken by the demo clinician, two calls still
 * being triaged, and a repeat caller. Patients are case-level snapshots (names, test-range NHS
 * numbers from a seeded generator); registering patients belongs to the patients capability.
 *
 * 1) Idempotent by fixed ids: a case whose stream exists is left alone, so running the seed again
 *    writes nothing (its times stay those of the first run: the demo queue ages like a real one).
 * 2) Written through the event store, so the read models, the hash chain and live updates are
 *    exactly what real use produces. Cases go in parallel and are group-committed (fast).
 */
import { caseReference, generateTestNhsNumber, getDisposition, type NewEvent } from '@lantern/core';
import { defaultPriority, dispositionSnapshot } from '../cases/commands.js';
import { CASE_STREAM } from '../cases/projection.js';
import type { EventStore } from '../eventlog/eventStore.js';
import type { Database } from '../storage/database.js';

/** The demo clinician (seed/demoUsers.ts), who holds a few cases. */
const DEMO_CLINICIAN = '019ad000-0000-7000-8000-00000000a002';
const DEMO_HANDLER = '019ad000-0000-7000-8000-00000000a001';
const MIN = 60_000;

interface DemoCase {
  name: [string, string];
  born: string;
  sex: 'female' | 'male';
  caller?: string;
  complaint: string;
  postcode: string;
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
    name: ['Margaret', 'Hughes'],
    born: '1941-05-02',
    sex: 'female',
    complaint: 'Fall at home, hip pain, cannot get up',
    postcode: 'M14 5RX',
    code: 'Dx0122',
    openedAgo: 150,
    reachedAgo: 140,
  },
  {
    name: ['Tobi', 'Adeyemi'],
    born: '2022-09-17',
    sex: 'male',
    caller: 'Funmi Adeyemi',
    complaint: 'Fever 39.4, off feeds, drowsy at times',
    postcode: 'M13 9PL',
    code: 'Dx11',
    openedAgo: 80,
    reachedAgo: 72,
  },
  {
    name: ['Daniel', 'Byrne'],
    born: '1979-11-30',
    sex: 'male',
    complaint: 'Ran out of epilepsy medication (levetiracetam)',
    postcode: 'M20 2LS',
    code: 'Dx85',
    openedAgo: 140,
    reachedAgo: 130,
  },
  {
    name: ['Aisha', 'Rahman'],
    born: '1995-02-11',
    sex: 'female',
    complaint: 'Abdominal pain, 10 weeks pregnant, light bleeding',
    postcode: 'M16 0GT',
    code: 'LX-ED-1H',
    openedAgo: 70,
    reachedAgo: 64,
  },
  {
    name: ['George', 'Whitfield'],
    born: '1950-07-21',
    sex: 'male',
    complaint: 'Breathless on exertion, ankles swollen',
    postcode: 'M21 9AB',
    code: 'Dx12',
    openedAgo: 120,
    reachedAgo: 112,
  },
  {
    name: ['Chloe', 'Martin'],
    born: '2001-04-04',
    sex: 'female',
    complaint: 'Panic, thoughts of self-harm, feels unsafe tonight',
    postcode: 'M15 6JA',
    code: 'LX-MH-1H',
    openedAgo: 60,
    reachedAgo: 55,
    taken: true,
  },
  {
    name: ['Ravi', 'Patel'],
    born: '1966-01-19',
    sex: 'male',
    complaint: 'Severe toothache and facial swelling',
    postcode: 'M19 3AA',
    code: 'Dx17',
    openedAgo: 58,
    reachedAgo: 52,
  },
  {
    name: ['Eileen', 'Doyle'],
    born: '1938-12-08',
    sex: 'female',
    caller: 'Sunrise Care Home',
    complaint: 'Confused, new urinary symptoms, temperature 38.2',
    postcode: 'M22 4NH',
    code: 'Dx05',
    openedAgo: 110,
    reachedAgo: 104,
  },
  {
    name: ['Liam', 'O’Connor'],
    born: '1988-08-25',
    sex: 'male',
    complaint: 'Cut to hand from a kitchen knife, bleeding controlled',
    postcode: 'M4 1HN',
    code: 'Dx02',
    openedAgo: 55,
    reachedAgo: 50,
  },
  {
    name: ['Sofia', 'Kowalska'],
    born: '1990-03-15',
    sex: 'female',
    complaint: 'Migraine not settling with usual treatment',
    postcode: 'M14 7HR',
    code: 'Dx05',
    openedAgo: 95,
    reachedAgo: 90,
    taken: true,
  },
  {
    name: ['Harold', 'Price'],
    born: '1947-10-10',
    sex: 'male',
    complaint: 'Catheter blocked, lower tummy pain',
    postcode: 'M23 0AB',
    code: 'Dx110',
    openedAgo: 185,
    reachedAgo: 180,
  },
  {
    name: ['Yusuf', 'Ali'],
    born: '2016-06-30',
    sex: 'male',
    caller: 'Samira Ali',
    complaint: 'Rash and itchy eyes after eating nuts, breathing normal',
    postcode: 'M8 0RD',
    code: 'Dx12',
    openedAgo: 85,
    reachedAgo: 80,
  },
  {
    name: ['Grace', 'Thompson'],
    born: '1973-09-09',
    sex: 'female',
    complaint: 'Back pain after lifting, no red flags',
    postcode: 'M9 4FQ',
    code: 'Dx13',
    openedAgo: 250,
    reachedAgo: 240,
    phone: '07700 900555',
  },
  {
    name: ['Grace', 'Thompson'],
    born: '1973-09-09',
    sex: 'female',
    complaint: 'Back pain worse, struggling to sleep',
    postcode: 'M9 4FQ',
    code: 'Dx13',
    openedAgo: 120,
    reachedAgo: 115,
    phone: '07700 900555',
  },
  {
    name: ['Grace', 'Thompson'],
    born: '1973-09-09',
    sex: 'female',
    complaint: 'Back pain, now numbness in the saddle area',
    postcode: 'M9 4FQ',
    code: 'LX-ED-4H',
    openedAgo: 25,
    reachedAgo: 20,
    phone: '07700 900555',
  },
  {
    name: ['Peter', 'Lindqvist'],
    born: '1958-04-18',
    sex: 'male',
    complaint: 'Palpitations on and off today, feels well now',
    postcode: 'M3 4LZ',
    code: 'Dx06',
    openedAgo: 50,
    reachedAgo: 45,
    taken: true,
  },
  {
    name: ['Hannah', 'Greene'],
    born: '1999-12-01',
    sex: 'female',
    complaint: 'Burning when passing urine for two days',
    postcode: 'M1 7ED',
    code: 'LX-PHARMACY-24H',
    openedAgo: 40,
    reachedAgo: 36,
  },
  {
    name: ['Kwame', 'Mensah'],
    born: '1984-02-27',
    sex: 'male',
    complaint: 'Sore throat, fever, difficulty swallowing saliva',
    postcode: 'M12 6JH',
    code: 'Dx06',
    openedAgo: 35,
    reachedAgo: 30,
  },
  {
    name: ['Olivia', 'Bennett'],
    born: '2019-07-07',
    sex: 'female',
    caller: 'James Bennett',
    complaint: 'Vomiting and diarrhoea since yesterday, still drinking',
    postcode: 'M33 7XX',
    code: 'Dx14',
    openedAgo: 30,
    reachedAgo: 26,
  },
  {
    name: ['Niamh', 'Kelly'],
    born: '1992-11-11',
    sex: 'female',
    complaint: 'Needs emergency contraception',
    postcode: 'M5 4WT',
    code: 'Dx12',
    openedAgo: 20,
    reachedAgo: 15,
  },
  {
    name: ['Samuel', 'Okoro'],
    born: '1963-03-03',
    sex: 'male',
    complaint: 'Chest tightness on walking, settles with rest',
    postcode: 'M11 3FF',
    code: 'Dx11',
    openedAgo: 18,
    reachedAgo: 12,
  },
  {
    name: ['Beatrice', 'Lowe'],
    born: '1935-06-14',
    sex: 'female',
    caller: 'Ann Lowe',
    complaint: 'More confused than usual since this afternoon',
    postcode: 'M25 9JY',
    code: 'Dx05',
    openedAgo: 15,
    reachedAgo: 8,
  },
  {
    name: ['Marek', 'Nowak'],
    born: '1981-05-05',
    sex: 'male',
    complaint: 'Lost dentures and broken tooth, no pain',
    postcode: 'M6 5FX',
    code: 'LX-DENTAL-ROUTINE',
    openedAgo: 12,
    reachedAgo: 8,
  },
  {
    name: ['Ella', 'Fitzgerald'],
    born: '2007-01-22',
    sex: 'female',
    complaint: 'Headache since this morning',
    postcode: 'M20 6RJ',
    code: null,
    openedAgo: 4,
  },
  {
    name: ['Arthur', 'Sims'],
    born: '1944-08-08',
    sex: 'male',
    caller: 'Jean Sims',
    complaint: 'Short of breath, worse than his usual COPD',
    postcode: 'M24 1PR',
    code: null,
    openedAgo: 2,
  },
];

/** mulberry32: a tiny seeded generator, so the demo's NHS numbers are the same on every machine. */
function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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
  const rng = seededRng(111);
  const now = Date.now();
  const nhsNumbers = CASES.map(() => generateTestNhsNumber(rng));
  const patientIds = new Map<string, string>();
  const plans = CASES.map((c, i) => {
    const key = `${c.name.join(' ')} ${c.born}`;
    if (!patientIds.has(key)) patientIds.set(key, demoId(0xc02, patientIds.size + 1));
    const patientId = patientIds.get(key) as string;
    const nhs = nhsNumbers[[...patientIds.keys()].indexOf(key)];
    return { c, i, caseId: caseIds[i] as string, patientId, nhs };
  });
  const repeat = plans.filter((p) => p.c.phone === '07700 900555').map((p) => p.caseId);
  const todo = plans.filter((p) => !seeded.has(p.caseId));
  await Promise.all(
    todo.map(({ c, i, caseId, patientId, nhs }) => {
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
              callerName: c.caller ?? c.name.join(' '),
              relationshipToPatient: c.caller
                ? c.caller.includes('Care')
                  ? 'care-home-staff'
                  : 'relative'
                : 'self',
              callBackNumber: c.phone ?? `07700 900${String(100 + i).padStart(3, '0')}`,
            },
            location: { postcode: c.postcode },
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
            patientId,
            nhsNumber: nhs,
            verified: false,
            demographics: { givenName: c.name[0], familyName: c.name[1], dateOfBirth: c.born, sex: c.sex },
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
