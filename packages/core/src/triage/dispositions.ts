/**
 * The disposition catalogue: every outcome a Lantern protocol may give, as data.
 *
 * Constraints that shaped it:
 * 1) Public NHS Pathways Dx codes are used where domain.md §2.2 lists them, with the meaning
 *    given there. Codes are opaque strings ("Dx11" and "Dx110" are different codes).
 * 2) Where no public Dx code is known (ambulance Cat 1, 2 and 4, emergency department, self-care,
 *    pharmacy, some dental and mental-health timeframes) we use Lantern codes prefixed `LX-`,
 *    which can never be mistaken for a licensed Pathways code. docs/triage/dispositions.md maps
 *    both.
 * 3) `severityRank` makes "at least disposition X" a total order: higher is more urgent. The
 *    order of ENTRIES is the order, reviewed as data. It follows one rule, which a test checks:
 *    every ambulance response outranks every other disposition (an ambulance brings a clinician
 *    face to face and can convey; C3 and C4 are clinically validated before dispatch, domain.md
 *    §2.3), so a red-flag floor never turns "needs an ambulance" into "make your own way".
 *    After that, the shorter timeframe wins, then the more acute skillset in SKILLSETS order.
 */
import { LanternError } from '../errors/catalogue.js';

export const SKILLSETS = [
  'ambulance',
  'emergency-department',
  'urgent-treatment-centre',
  'mental-health-crisis',
  'maternity',
  'primary-care-face-to-face',
  'primary-care-callback',
  'dental',
  'pharmacy',
  'community-nursing',
  'self-care',
] as const;
export type Skillset = (typeof SKILLSETS)[number];

export type AmbulanceCategory = 'C1' | 'C2' | 'C3' | 'C4';

export interface Disposition {
  readonly code: string;
  readonly label: string;
  /** Minutes within which the next service should start; null for self-care. */
  readonly timeframeMinutes: number | null;
  readonly skillset: Skillset;
  readonly ambulanceCategory: AmbulanceCategory | null;
  /** Whether the code is a public NHS Pathways Dx code (domain.md §2.2) or a Lantern one. */
  readonly codeSystem: 'pathways-dx' | 'lantern';
  readonly severityRank: number;
  readonly careAdvice: readonly string[];
  readonly worseningAdvice: readonly string[];
}

const HOUR = 60;
const DAY = 24 * HOUR;
// "Next working day" can be up to ~3 days over a bank holiday weekend; 24 h is the nominal
// timeframe used here so it sorts with the 24-hour codes.
const NEXT_WORKING_DAY = DAY;
const THREE_WORKING_DAYS = 3 * DAY;
// Routine appointments have no target; a week keeps them ordered above self-care.
const ROUTINE = 7 * DAY;

const AMBULANCE_ADVICE = [
  'Stay with the patient. Unlock the door and, if you can, have someone watch for the ambulance.',
  'Do not give anything to eat or drink unless the call handler tells you to.',
  'Gather their medicines and any letters about their health to give to the crew.',
];
const AMBULANCE_WORSENING = [
  'If they stop breathing, become unresponsive or get worse while you wait, call 999 again straight away.',
];
const ED_ADVICE = [
  'Go to the emergency department now. Do not drive yourself; ask someone to take you, or use a taxi.',
  'Take your medicines or a list of them with you.',
];
const ED_WORSENING = ['If you get worse before you get there, call 999.'];
const UTC_ADVICE = [
  'Go to the urgent treatment centre within the time given. Take a list of your medicines.',
];
const PRIMARY_CARE_WORSENING = [
  'If you get worse before you are seen, or new symptoms appear, call 111 again. In an emergency call 999.',
];
const CALLBACK_ADVICE = [
  'A clinician will call you back within the time given. Keep your phone nearby and the line free.',
  'If you miss the call or nobody has called by then, call 111 again.',
];
const CONTACT_ADVICE = [
  'Contact the service within the time given and tell them what NHS 111 advised.',
  'If you cannot get through, call 111 again.',
];
const SELF_CARE_WORSENING = [
  'If your symptoms get worse, new symptoms appear, or you are not getting better as expected, contact your GP, pharmacist or NHS 111.',
  'In an emergency call 999.',
];

type Entry = Omit<Disposition, 'careAdvice' | 'worseningAdvice' | 'severityRank'> & {
  careAdvice?: readonly string[];
  worseningAdvice?: readonly string[];
};

function ambulance(
  code: string,
  category: AmbulanceCategory,
  minutes: number,
  codeSystem: Disposition['codeSystem'],
): Entry {
  const words = { C1: 'Category 1', C2: 'Category 2', C3: 'Category 3', C4: 'Category 4' }[category];
  return {
    code,
    label: `Emergency ambulance response (${words})`,
    timeframeMinutes: minutes,
    skillset: 'ambulance',
    ambulanceCategory: category,
    codeSystem,
    careAdvice: AMBULANCE_ADVICE,
    worseningAdvice: AMBULANCE_WORSENING,
  };
}

function entry(
  code: string,
  label: string,
  timeframeMinutes: number | null,
  skillset: Skillset,
  extra: Partial<Pick<Disposition, 'careAdvice' | 'worseningAdvice'>> = {},
): Entry {
  return {
    code,
    label,
    timeframeMinutes,
    skillset,
    ambulanceCategory: null,
    codeSystem: code.startsWith('LX-') ? 'lantern' : 'pathways-dx',
    ...extra,
  };
}

// ARP mean targets (domain.md §3): C1 7 min, C2 18 min; C3 and C4 have 90th-centile targets only
// (120 and 180 min), which are used as the timeframe.
// The order of this list IS the severity order, most urgent first (see the module comment).
const ENTRIES: readonly Entry[] = [
  ambulance('LX-AMB-C1', 'C1', 7, 'lantern'),
  ambulance('LX-AMB-C2', 'C2', 18, 'lantern'),
  ambulance('Dx0122', 'C3', 120, 'pathways-dx'),
  ambulance('LX-AMB-C4', 'C4', 180, 'lantern'),
  entry('LX-ED-1H', 'Attend an emergency department within 1 hour', HOUR, 'emergency-department', {
    careAdvice: ED_ADVICE,
    worseningAdvice: ED_WORSENING,
  }),
  entry('Dx02', 'Attend a treatment centre within 1 hour', HOUR, 'urgent-treatment-centre', {
    careAdvice: UTC_ADVICE,
  }),
  entry('LX-MH-1H', 'Speak to the mental health crisis service within 1 hour', HOUR, 'mental-health-crisis', {
    careAdvice: [
      'Stay with the person if it is safe to do so, and remove anything they could use to harm themselves.',
      'The crisis team will call within the hour. You can also call Samaritans free on 116 123 at any time.',
    ],
    worseningAdvice: ['If they have harmed themselves or are about to act on thoughts of suicide, call 999.'],
  }),
  entry(
    'LX-MAT-1H',
    'Contact the maternity assessment unit or labour ward now (within 1 hour)',
    HOUR,
    'maternity',
    {
      careAdvice: [
        'Call your maternity unit or labour ward now; the number is in your pregnancy notes.',
        'Take your maternity notes with you if you are asked to go in.',
      ],
      worseningAdvice: ['If bleeding becomes heavy, you have severe pain, or you collapse, call 999.'],
    },
  ),
  entry('Dx11', 'Speak to a primary care service within 1 hour', HOUR, 'primary-care-callback', {
    careAdvice: CALLBACK_ADVICE,
  }),
  entry('Dx17', 'Contact a dental service within 1 hour', HOUR, 'dental'),
  entry('Dx05', 'Contact a primary care service within 2 hours', 2 * HOUR, 'primary-care-face-to-face'),
  entry('Dx12', 'Speak to a primary care service within 2 hours', 2 * HOUR, 'primary-care-callback', {
    careAdvice: CALLBACK_ADVICE,
  }),
  entry('Dx85', 'Repeat prescription required within 2 hours', 2 * HOUR, 'pharmacy'),
  entry('LX-ED-4H', 'Attend an emergency department within 4 hours', 4 * HOUR, 'emergency-department', {
    careAdvice: ED_ADVICE,
    worseningAdvice: ED_WORSENING,
  }),
  entry(
    'LX-UTC-4H',
    'Attend an urgent treatment centre within 4 hours',
    4 * HOUR,
    'urgent-treatment-centre',
    {
      careAdvice: UTC_ADVICE,
    },
  ),
  entry('Dx92', 'Refer to a mental health crisis service within 4 hours', 4 * HOUR, 'mental-health-crisis'),
  entry('Dx120', 'Call-back by a healthcare professional within 4 hours', 4 * HOUR, 'primary-care-callback', {
    careAdvice: CALLBACK_ADVICE,
  }),
  entry('Dx110', 'Community nurse within 4 hours', 4 * HOUR, 'community-nursing'),
  entry('Dx06', 'Contact a primary care service within 6 hours', 6 * HOUR, 'primary-care-face-to-face'),
  entry('Dx13', 'Speak to a primary care service within 6 hours', 6 * HOUR, 'primary-care-callback', {
    careAdvice: CALLBACK_ADVICE,
  }),
  entry('Dx80', 'Repeat prescription required within 6 hours', 6 * HOUR, 'pharmacy'),
  entry('Dx07', 'Contact a primary care service within 12 hours', 12 * HOUR, 'primary-care-face-to-face'),
  entry('Dx14', 'Speak to a primary care service within 12 hours', 12 * HOUR, 'primary-care-callback', {
    careAdvice: CALLBACK_ADVICE,
  }),
  entry('LX-DENTAL-12H', 'Contact a dental service within 12 hours', 12 * HOUR, 'dental'),
  entry('Dx86', 'Repeat prescription required within 12 hours', 12 * HOUR, 'pharmacy'),
  entry('Dx114', 'Community midwife next working day', NEXT_WORKING_DAY, 'maternity'),
  entry('Dx08', 'Contact a primary care service within 24 hours', DAY, 'primary-care-face-to-face'),
  entry(
    'Dx115',
    'Contact own GP practice next working day for an appointment',
    NEXT_WORKING_DAY,
    'primary-care-face-to-face',
  ),
  entry(
    'Dx81',
    'Contact own GP practice next working day for a repeat prescription',
    NEXT_WORKING_DAY,
    'primary-care-face-to-face',
  ),
  entry('Dx15', 'Speak to a primary care service within 24 hours', DAY, 'primary-care-callback', {
    careAdvice: CALLBACK_ADVICE,
  }),
  entry('LX-DENTAL-24H', 'Contact a dental service within 24 hours', DAY, 'dental'),
  entry('LX-PHARMACY-24H', 'Speak to a pharmacist within 24 hours', DAY, 'pharmacy', {
    careAdvice: ['Visit or call a community pharmacy; many can assess and treat common conditions.'],
  }),
  entry('Dx87', 'Repeat prescription required within 24 hours', DAY, 'pharmacy'),
  entry('Dx111', 'Community nurse within 24 hours', DAY, 'community-nursing'),
  entry('Dx112', 'Community nurse next working day', NEXT_WORKING_DAY, 'community-nursing'),
  entry(
    'Dx75',
    'Contact own GP practice within 3 working days',
    THREE_WORKING_DAYS,
    'primary-care-face-to-face',
  ),
  entry('Dx10', 'Contact own GP practice for a non-urgent appointment', ROUTINE, 'primary-care-face-to-face'),
  entry('LX-DENTAL-ROUTINE', 'Contact own dentist for a routine appointment', ROUTINE, 'dental'),
  entry('LX-SELF-CARE', 'Self-care at home with advice', null, 'self-care', {
    careAdvice: ['Follow the self-care advice given. A pharmacist can advise on medicines you can buy.'],
  }),
];

function complete(e: Entry, index: number): Disposition {
  const defaults =
    e.skillset === 'self-care'
      ? { careAdvice: [], worseningAdvice: SELF_CARE_WORSENING }
      : { careAdvice: CONTACT_ADVICE, worseningAdvice: PRIMARY_CARE_WORSENING };
  return Object.freeze({
    ...e,
    severityRank: ENTRIES.length - index,
    careAdvice: Object.freeze([...(e.careAdvice ?? defaults.careAdvice)]),
    worseningAdvice: Object.freeze([...(e.worseningAdvice ?? defaults.worseningAdvice)]),
  });
}

/** Every disposition, most urgent first. */
export const DISPOSITIONS: readonly Disposition[] = Object.freeze(ENTRIES.map(complete));

const BY_CODE: ReadonlyMap<string, Disposition> = new Map(DISPOSITIONS.map((d) => [d.code, d]));

export function findDisposition(code: string): Disposition | undefined {
  return BY_CODE.get(code);
}

export function isDispositionCode(code: string): boolean {
  return BY_CODE.has(code);
}

/** Throws E_VALIDATION naming the code if it is not in the catalogue. */
export function getDisposition(code: string, path = 'code'): Disposition {
  const found = BY_CODE.get(code);
  if (!found) {
    throw new LanternError('E_VALIDATION', `Unknown disposition code ${code}`, [
      { path, message: `${code} is not in the disposition catalogue` },
    ]);
  }
  return found;
}

/** Positive if `a` is more urgent than `b`, 0 if the same, negative if less urgent. */
export function compareSeverity(a: string, b: string): number {
  return getDisposition(a).severityRank - getDisposition(b).severityRank;
}

/** The more urgent of the given codes (the first wins a tie, which cannot happen: ranks are unique). */
export function mostUrgent(codes: readonly [string, ...string[]]): string {
  return codes.reduce((best, c) => (compareSeverity(c, best) > 0 ? c : best));
}

/** True if `code` is at least as urgent as `floor`. */
export function isAtLeast(code: string, floor: string): boolean {
  return compareSeverity(code, floor) >= 0;
}
