/**
 * Demo patients for the demo organisation: thirty people of Greater Manchester as a 111 service
 * meets them (a baby, a teenager, care-home residents, people needing interpreters), some with
 * special notes a clinician must see (safeguarding, DNACPR/ReSPECT, care plans, access).
 *
 * NHS numbers are in the test range 999 000 0000 - 999 999 9999 (never issued to real people)
 * and derived from each patient's position, so every run makes the same ones. Patient and
 * event ids are fixed too: each patient is one append of fixed events at version 0, so running
 * the seed again matches what is recorded and writes nothing. Names and addresses are made up;
 * postcodes and GP practice codes are real Manchester ones (shared/data/geo), so directory and
 * distance features have something true to work on.
 */
import { type NewEvent, nhsNumberCheckDigit, PATIENT_STREAM } from '@lantern/core';
import type { EventStore } from '../eventlog/eventStore.js';

const SEEDED_AT = '2026-11-01T08:00:00.000Z';

type Gender = 'female' | 'male' | 'other' | 'unknown';
type Note = ['care-plan' | 'safeguarding' | 'access' | 'dnacpr-respect' | 'other', string];

interface DemoPatient {
  prefix?: string;
  given: string[];
  family: string;
  birthDate: string;
  gender: Gender;
  lines: string[];
  postcode: string;
  phone?: [use: 'home' | 'mobile', number: string];
  gp: string;
  language?: string;
  interpreter?: boolean;
  needs?: string[];
  notes?: Note[];
}

const PEOPLE: DemoPatient[] = [
  {
    prefix: 'Mrs',
    given: ['Margaret', 'Ann'],
    family: 'Oakes',
    birthDate: '1938-03-14',
    gender: 'female',
    lines: ['Rosebank Care Home', '14 Barlow Moor Road'],
    postcode: 'M20 9HE',
    gp: 'P84010',
    needs: ['hard-of-hearing'],
    notes: [
      [
        'dnacpr-respect',
        'DNACPR and ReSPECT form in place (signed 2026-02-10). Preferred place of care: the care home. Daughter Helen holds LPA for health.',
      ],
      [
        'care-plan',
        'Frailty care plan: call the care home first on 0161 496 0101; district nurse visits daily.',
      ],
    ],
  },
  {
    given: ['Oliver'],
    family: 'Brennan',
    birthDate: '2026-08-02',
    gender: 'male',
    lines: ['7 Heald Place'],
    postcode: 'M14 6PN',
    phone: ['mobile', '07700 900201'],
    gp: 'P84018',
    notes: [['other', 'Born at 33 weeks; home oxygen until review in December.']],
  },
  {
    given: ['Amira'],
    family: 'Hassan',
    birthDate: '1994-11-23',
    gender: 'female',
    lines: ['Flat 4', '22 Dickenson Road'],
    postcode: 'M13 0WQ',
    phone: ['mobile', '07700 900202'],
    gp: 'P84026',
    language: 'ar',
    interpreter: true,
  },
  {
    prefix: 'Mr',
    given: ['Tomasz'],
    family: 'Nowak',
    birthDate: '1979-12-01',
    gender: 'male',
    lines: ['31 Victoria Road'],
    postcode: 'M12 6DQ',
    phone: ['mobile', '07700 900203'],
    gp: 'P84005',
    language: 'pl',
    interpreter: true,
  },
  {
    given: ['Chloe', 'Louise'],
    family: 'Whitfield',
    birthDate: '2009-05-17',
    gender: 'female',
    lines: ['88 Hall Lane'],
    postcode: 'M22 9QY',
    phone: ['home', '0161 496 0102'],
    gp: 'P84020',
    notes: [
      [
        'safeguarding',
        'Child protection plan (category: neglect). Social worker: Manchester City Council children’s services. Share concerns the same day.',
      ],
    ],
  },
  {
    prefix: 'Mr',
    given: ['Desmond'],
    family: 'Campbell',
    birthDate: '1947-07-30',
    gender: 'male',
    lines: ['5 Moss Lane East'],
    postcode: 'M16 6HB',
    phone: ['home', '0161 496 0103'],
    gp: 'P84023',
    notes: [
      ['care-plan', 'COPD rescue pack at home (amoxicillin, prednisolone). Target saturations 88-92%.'],
      ['access', 'Key safe by the front door; code held by the 111 service and the district nurses.'],
    ],
  },
  {
    given: ['Priya'],
    family: 'Sharma',
    birthDate: '1988-01-09',
    gender: 'female',
    lines: ['12 Clyde Road'],
    postcode: 'M20 0UX',
    phone: ['mobile', '07700 900204'],
    gp: 'P84017',
  },
  {
    prefix: 'Ms',
    given: ['Grace'],
    family: 'Okafor',
    birthDate: '1972-09-04',
    gender: 'female',
    lines: ['41 Longford Road'],
    postcode: 'M32 9XH',
    phone: ['mobile', '07700 900205'],
    gp: 'P84009',
    notes: [
      [
        'care-plan',
        'Sickle cell disease: follow the crisis plan; call the haematology hot line before any transfer.',
      ],
    ],
  },
  {
    given: ['Jack'],
    family: 'Doyle',
    birthDate: '2001-04-27',
    gender: 'male',
    lines: ['3 Cross Street'],
    postcode: 'M5 3HN',
    phone: ['mobile', '07700 900206'],
    gp: 'P84030',
    notes: [
      [
        'care-plan',
        'Mental health crisis plan: community mental health team, duty worker 0161 496 0104 (9-5), crisis line out of hours.',
      ],
    ],
  },
  {
    prefix: 'Mrs',
    given: ['Eileen'],
    family: 'McCarthy',
    birthDate: '1931-12-19',
    gender: 'female',
    lines: ['19 Wythenshawe Road'],
    postcode: 'M22 0JU',
    phone: ['home', '0161 496 0105'],
    gp: 'P84012',
    needs: ['blind-or-partially-sighted'],
    notes: [
      [
        'dnacpr-respect',
        'ReSPECT: for ward-based care, not for CPR. Lives alone; neighbour at number 21 has a key.',
      ],
      ['access', 'Door chain on at night: ask her to release it, she needs 2-3 minutes.'],
    ],
  },
  {
    given: ['Mohammed', 'Ali'],
    family: 'Khan',
    birthDate: '1965-06-11',
    gender: 'male',
    lines: ['67 Cheetham Hill Road'],
    postcode: 'M8 0ND',
    phone: ['mobile', '07700 900207'],
    gp: 'P84030',
    language: 'ur',
    interpreter: false,
  },
  {
    given: ['Sophie'],
    family: 'Turner',
    birthDate: '1999-02-28',
    gender: 'female',
    lines: ['Flat 12', '3 Adelphi Street'],
    postcode: 'M3 6AT',
    phone: ['mobile', '07700 900208'],
    gp: 'P84005',
  },
  {
    given: ['Alex'],
    family: 'Morgan',
    birthDate: '1992-10-15',
    gender: 'other',
    lines: ['54 Northenden Road'],
    postcode: 'M33 5XP',
    phone: ['mobile', '07700 900209'],
    gp: 'P84014',
  },
  {
    prefix: 'Mr',
    given: ['Harold'],
    family: 'Pickering',
    birthDate: '1940-08-08',
    gender: 'male',
    lines: ['Beechwood Nursing Home', '2 Manchester Road'],
    postcode: 'M34 5YT',
    gp: 'P84012',
    needs: ['cognitive-impairment'],
    notes: [
      [
        'dnacpr-respect',
        'DNACPR in place; advance care plan: stay at the nursing home for end-of-life care.',
      ],
      ['care-plan', 'Advanced dementia: nursing home staff know him best; call them before visiting.'],
    ],
  },
  {
    given: ['Zainab'],
    family: 'Begum',
    birthDate: '1983-03-03',
    gender: 'female',
    lines: ['9 Ladybarn Lane'],
    postcode: 'M14 6PN',
    phone: ['mobile', '07700 900210'],
    gp: 'P84017',
    language: 'bn',
    interpreter: true,
  },
  {
    given: ['Liam'],
    family: "O'Connor",
    birthDate: '2014-12-24',
    gender: 'male',
    lines: ['23 Palatine Road'],
    postcode: 'M20 9HE',
    phone: ['home', '0161 496 0106'],
    gp: 'P84010',
    notes: [['care-plan', 'Type 1 diabetes: hypo plan with parents; insulin pump.']],
  },
  {
    prefix: 'Mrs',
    given: ['Dorothy'],
    family: 'Schofield',
    birthDate: '1935-05-06',
    gender: 'female',
    lines: ['15 Church Road'],
    postcode: 'M41 9HT',
    phone: ['home', '0161 496 0107'],
    gp: 'P84023',
    needs: ['hard-of-hearing', 'large-print'],
  },
  {
    given: ['Kwame'],
    family: 'Mensah',
    birthDate: '1976-07-21',
    gender: 'male',
    lines: ['102 Princess Road'],
    postcode: 'M14 6PN',
    phone: ['mobile', '07700 900211'],
    gp: 'P84018',
  },
  {
    given: ['Ellie'],
    family: 'Robinson',
    birthDate: '2011-09-13',
    gender: 'female',
    lines: ['6 Kingsway'],
    postcode: 'M20 0UX',
    phone: ['home', '0161 496 0108'],
    gp: 'P84017',
    needs: ['deaf-bsl-user'],
    language: 'bfi',
    interpreter: true,
  },
  {
    prefix: 'Mr',
    given: ['Stanley'],
    family: 'Hughes',
    birthDate: '1944-01-31',
    gender: 'male',
    lines: ['28 Moston Lane'],
    postcode: 'M40 7AH',
    phone: ['home', '0161 496 0109'],
    gp: 'P84030',
    notes: [['care-plan', 'Heart failure: diuretic plan agreed with the heart failure nurse; weigh daily.']],
  },
  {
    given: ['Mei'],
    family: 'Chen',
    birthDate: '1990-12-05',
    gender: 'female',
    lines: ['Flat 8', '1 Oxford Road'],
    postcode: 'M1 1AA',
    phone: ['mobile', '07700 900212'],
    gp: 'P84005',
    language: 'zh',
    interpreter: false,
  },
  {
    given: ['Ryan'],
    family: 'Walsh',
    birthDate: '1985-08-19',
    gender: 'male',
    lines: ['No fixed abode'],
    postcode: 'M1 1AA',
    gp: 'P84005',
    notes: [
      ['other', 'Homeless; often at the day centre on Oxford Road. Call-back via the centre: 0161 496 0110.'],
      ['safeguarding', 'Vulnerable adult: known to adult social care (self-neglect).'],
    ],
  },
  {
    given: ['Hannah'],
    family: 'Goldberg',
    birthDate: '1968-04-02',
    gender: 'female',
    lines: ['44 Bury Old Road'],
    postcode: 'M25 3DG',
    phone: ['home', '0161 496 0111'],
    gp: 'P84009',
  },
  {
    given: ['Tyler'],
    family: 'Jackson',
    birthDate: '2007-11-30',
    gender: 'male',
    lines: ['17 Rochdale Road'],
    postcode: 'M9 1PX',
    phone: ['mobile', '07700 900213'],
    gp: 'P84030',
    notes: [
      [
        'safeguarding',
        'Young person at risk of exploitation; police and youth justice involved. Do not share location with callers.',
      ],
    ],
  },
  {
    given: ['Fatima'],
    family: 'Ahmed',
    birthDate: '1958-10-10',
    gender: 'female',
    lines: ['30 Stockport Road'],
    postcode: 'M12 6DQ',
    phone: ['home', '0161 496 0112'],
    gp: 'P84026',
    language: 'so',
    interpreter: true,
  },
  {
    prefix: 'Dr',
    given: ['Richard'],
    family: 'Ellison',
    birthDate: '1962-03-25',
    gender: 'male',
    lines: ['2 The Beeches'],
    postcode: 'M20 0UX',
    phone: ['mobile', '07700 900214'],
    gp: 'P84017',
  },
  {
    given: ['Jade'],
    family: 'Kowalczyk',
    birthDate: '1997-06-16',
    gender: 'female',
    lines: ['61 Eccles New Road'],
    postcode: 'M6 7LR',
    phone: ['mobile', '07700 900215'],
    gp: 'P84014',
    language: 'pl',
    interpreter: false,
  },
  {
    prefix: 'Mrs',
    given: ['Patricia'],
    family: 'Lowe',
    birthDate: '1950-02-14',
    gender: 'female',
    lines: ['8 Manor Avenue'],
    postcode: 'M31 1LP',
    phone: ['home', '0161 496 0113'],
    gp: 'P84020',
    notes: [['access', 'Large dog in the house: ask for it to be shut away before entering.']],
  },
  {
    given: ['Samuel'],
    family: 'Adeyemi',
    birthDate: '2019-07-07',
    gender: 'male',
    lines: ['11 Alexandra Road'],
    postcode: 'M16 6HB',
    phone: ['mobile', '07700 900216'],
    gp: 'P84023',
    notes: [['care-plan', 'Epilepsy: buccal midazolam at home; seizure plan with parents.']],
  },
  {
    given: ['Unknown'],
    family: 'Female',
    birthDate: '1990-01-01',
    gender: 'female',
    lines: ['Found at Piccadilly Gardens'],
    postcode: 'M1 1AA',
    gp: 'P84005',
    notes: [
      ['other', 'Unidentified patient registered by the ambulance service; replace details when known.'],
    ],
  },
];

/** A deterministic test-range NHS number for the patient at `index`: 999 then six digits. */
export function demoNhsNumber(index: number): string {
  for (let stem = 100_000 + index * 7_919; ; stem += 1) {
    const firstNine = `999${String(stem % 1_000_000).padStart(6, '0')}`;
    const check = nhsNumberCheckDigit(firstNine);
    if (check !== 10) return `${firstNine}${check}`;
  }
}

const hex = (n: number) => n.toString(16).padStart(4, '0');
/** Fixed UUIDv7-shaped ids: patient i, and event j of patient i. */
export const demoPatientId = (i: number) => `019ad100-0000-7000-8000-00000000${hex(i)}`;
const demoEventId = (i: number, j: number) => `019ad100-0000-7000-8001-0000${hex(i)}${hex(j)}`;
const demoNoteId = (i: number, j: number) => `019ad100-0000-7000-8002-0000${hex(i)}${hex(j)}`;

function eventsOf(p: DemoPatient, i: number): NewEvent[] {
  const demographics = {
    nhsNumber: demoNhsNumber(i),
    nhsNumberVerified: false,
    name: { ...(p.prefix ? { prefix: p.prefix } : {}), given: p.given, family: p.family },
    birthDate: p.birthDate,
    gender: p.gender,
    address: { lines: p.lines, postcode: p.postcode },
    phones: p.phone ? [{ use: p.phone[0], number: p.phone[1] }] : [],
    gpPracticeOds: p.gp,
    ...(p.language ? { language: p.language } : {}),
    interpreterRequired: p.interpreter ?? false,
    communicationNeeds: (p.needs ?? []).map((kind) => ({ kind })),
  };
  const base = { occurredAt: SEEDED_AT, actor: 'system:seed' };
  return [
    { ...base, id: demoEventId(i, 0), type: 'PatientRegistered', data: { demographics } },
    ...(p.notes ?? []).map(([kind, text], j) => ({
      ...base,
      id: demoEventId(i, j + 1),
      type: 'SpecialNoteAdded',
      data: { noteId: demoNoteId(i, j + 1), kind, text },
    })),
  ];
}

/** Registers the demo patients in `orgId`; running it again changes nothing. */
export async function seedDemoPatients(eventStore: EventStore, orgId: string): Promise<string[]> {
  let created = 0;
  for (const [i, p] of PEOPLE.entries()) {
    const appended = await eventStore.append(
      orgId,
      { type: PATIENT_STREAM, id: demoPatientId(i) },
      0,
      eventsOf(p, i),
    );
    if (!appended.every((a) => a.duplicate)) created += 1;
  }
  const withNotes = PEOPLE.filter((p) => (p.notes ?? []).length > 0).length;
  return [
    `Demo patients: ${PEOPLE.length} (${created} new), ${withNotes} with special notes; NHS numbers in the test range 999 xxx xxxx`,
  ];
}

/**
 * What a case records when demo patient `i` is identified on a call (the PatientIdentified
 * snapshot), with where they live, so demo cases name real index entries.
 */
export function demoPatientSnapshot(i: number) {
  const p = PEOPLE[i];
  if (p === undefined) throw new RangeError(`there is no demo patient ${i}`);
  return {
    patientId: demoPatientId(i),
    nhsNumber: demoNhsNumber(i),
    demographics: {
      givenName: p.given[0] as string,
      familyName: p.family,
      dateOfBirth: p.birthDate,
      sex: p.gender,
      gpPracticeOds: p.gp,
    },
    address: { lines: p.lines, postcode: p.postcode },
  };
}

/** How many demo patients there are (for tests). */
export const DEMO_PATIENT_COUNT = PEOPLE.length;
