/**
 * The DoS CheckCapacitySummary filters (domain.md §4.3), one function per rule, each
 * answering pass with the reason staff will read, or fail with what went wrong. The order
 * of FIRST_PIPELINE and SECOND_PIPELINE is the order DoS applies them. A service failing
 * exactly one second-pipeline rule is a "gap" (commissioners analyse those), so the second
 * pipeline runs every rule rather than stopping at the first failure.
 */
import { type BoundingBox, isInBox } from '../geo/distance.js';
import { effectiveCapacity } from './capacity.js';
import type { OpenInterval } from './openingHours.js';
import type { Service, Sex } from './service.js';
import { checkSessionTimes, isOpenOrOpeningWithin, NOT_CLOSING_WITHIN_MINUTES } from './sessionWindow.js';
import { formatLocalDayTime, formatLocalTime } from './zonedTime.js';

export const SEARCH_RULES = {
  status: 'Service is not active',
  distance: 'Outside the search area',
  'symptom-group': 'Not profiled for the symptom group',
  sex: 'Does not see patients of this sex (or has no sex profile)',
  'restricted-referral': "Restricted to other GP practices' patients",
  capacity: 'Capacity is red',
  'symptom-discriminators': 'Not profiled for every symptom discriminator',
  disposition: 'Does not accept the disposition',
  'referral-role': 'Cannot be referred to by this role',
  age: 'Does not see patients of this age',
  'session-time': 'Not open within the session-time window',
  'closing-within-30-minutes': 'Closes within 30 minutes of the search time',
  'only-if-open': 'Returns only when open or about to open',
  'limited-area': 'Limited to other areas',
  'per-type-limit': 'Nearer or higher-ranked services of this type filled its places',
} as const;
export type SearchRule = keyof typeof SEARCH_RULES;

export type RuleResult = { pass: true; reason: string } | { pass: false; detail: string };

/** Everything a rule may read, computed once per search (and per service for intervals). */
export interface RuleContext {
  box: BoundingBox;
  searchKm: number;
  symptomGroup: number | null;
  /** Requested SDs, de-duplicated, without those invalid for the SG. */
  symptomDiscriminators: readonly number[];
  dispositionCode: string | null;
  referralRole: string | null;
  patientSex: Sex;
  patientAgeDays: number;
  patientGpOdsCode: string | null;
  areaCodes: readonly string[];
  searchMs: number;
  windowEndMs: number;
  timeZone: string;
  distanceKm: (service: Service) => number;
  intervals: (service: Service) => readonly OpenInterval[];
}

type Rule = (service: Service, ctx: RuleContext) => RuleResult;

const pass = (reason: string): RuleResult => ({ pass: true, reason });
const fail = (detail: string): RuleResult => ({ pass: false, detail });

/** DoS keeps no record of these; we do, so staff can ask "why not that one?". */
export const FIRST_PIPELINE: ReadonlyArray<readonly [SearchRule, Rule]> = [
  ['status', (s) => (s.status === 'active' ? pass('Active') : fail(`Status is ${s.status}`))],
  [
    'distance',
    (s, ctx) => {
      const km = ctx.distanceKm(s).toFixed(1);
      return isInBox(s.location, ctx.box)
        ? pass(`${km} km away, inside the ${ctx.searchKm} km search square`)
        : fail(`${km} km away, outside the ${ctx.searchKm} km search square`);
    },
  ],
  [
    'symptom-group',
    (s, ctx) =>
      ctx.symptomGroup !== null && s.symptomProfiles.some((p) => p.symptomGroup === ctx.symptomGroup)
        ? pass(`Profiled for symptom group ${ctx.symptomGroup}`)
        : fail(
            ctx.symptomGroup === null
              ? 'No symptom group was given'
              : `Not profiled for SG ${ctx.symptomGroup}`,
          ),
  ],
  [
    'sex',
    (s, ctx) =>
      s.sexes.includes(ctx.patientSex)
        ? pass(`Sees patients of sex ${ctx.patientSex}`)
        : fail(
            s.sexes.length === 0
              ? 'Has no sex profile'
              : `Sees ${s.sexes.join('/')} only, patient is ${ctx.patientSex}`,
          ),
  ],
  [
    'restricted-referral',
    (s, ctx) => {
      if (!s.referral.restricted) return pass('Not restricted to particular GP practices');
      if (ctx.patientGpOdsCode === null)
        return fail('Restricted service and the patient has no registered GP given');
      return s.referral.commissioningGpOdsCodes.includes(ctx.patientGpOdsCode)
        ? pass(`Restricted service commissioned by the patient's GP ${ctx.patientGpOdsCode}`)
        : fail(`Restricted to patients of other practices than ${ctx.patientGpOdsCode}`);
    },
  ],
];

export const SECOND_PIPELINE: ReadonlyArray<readonly [SearchRule, Rule]> = [
  [
    'capacity',
    (s, ctx) => {
      const capacity = effectiveCapacity(s, new Date(ctx.searchMs));
      if (capacity === 'red') return fail('Capacity is red');
      const lapsed =
        capacity !== s.capacity.status ? ` (was ${s.capacity.status}, reset to green automatically)` : '';
      return pass(`Capacity ${capacity}${lapsed}`);
    },
  ],
  [
    'symptom-discriminators',
    (s, ctx) => {
      const profile = s.symptomProfiles.find((p) => p.symptomGroup === ctx.symptomGroup);
      const missing = ctx.symptomDiscriminators.filter((sd) => !profile?.symptomDiscriminators.includes(sd));
      if (missing.length > 0) return fail(`Not profiled for SD ${missing.join(', ')}`);
      return pass(
        ctx.symptomDiscriminators.length === 0
          ? 'No symptom discriminator to match'
          : `Profiled for SD ${ctx.symptomDiscriminators.join(', ')}`,
      );
    },
  ],
  [
    'disposition',
    (s, ctx) => {
      if (ctx.dispositionCode === null) return pass('No disposition given, so any service matches');
      return s.dispositions.includes(ctx.dispositionCode)
        ? pass(`Accepts disposition ${ctx.dispositionCode}`)
        : fail(`Does not accept ${ctx.dispositionCode}`);
    },
  ],
  [
    'referral-role',
    (s, ctx) => {
      if (ctx.referralRole === null) return pass('No referral role given, so roles were not checked');
      return s.referral.roles.includes(ctx.referralRole)
        ? pass(`Accepts referrals from ${ctx.referralRole}`)
        : fail(`Does not accept referrals from ${ctx.referralRole}`);
    },
  ],
  [
    'age',
    (s, ctx) => {
      const days = ctx.patientAgeDays;
      return s.ageRanges.some((r) => r.fromDays <= days && days <= r.toDays)
        ? pass(`Sees patients aged ${days} days`)
        : fail(s.ageRanges.length === 0 ? 'Has no age range' : `Does not see patients aged ${days} days`);
    },
  ],
  ['session-time', (s, ctx) => sessionRule(s, ctx, 'session-time')],
  ['closing-within-30-minutes', (s, ctx) => sessionRule(s, ctx, 'closing-within-30-minutes')],
  [
    'only-if-open',
    (s, ctx) => {
      const within = s.returnOnlyIfOpenWithinMinutes;
      if (within === null) return pass('Returns whether or not open now');
      const what = within === 0 ? 'open now' : `open now or within ${within} minutes`;
      return isOpenOrOpeningWithin(ctx.intervals(s), ctx.searchMs, within)
        ? pass(`Returns only when ${what}, and is`)
        : fail(`Returns only when ${what}, and is not`);
    },
  ],
  [
    'limited-area',
    (s, ctx) => {
      if (s.limitedToAreas.length === 0) return pass('Not limited to particular areas');
      const shared = s.limitedToAreas.filter((a) => ctx.areaCodes.includes(a));
      return shared.length > 0
        ? pass(`Limited to areas including the search location's ${shared.join(', ')}`)
        : fail(`Limited to ${s.limitedToAreas.join(', ')}`);
    },
  ],
];

function sessionRule(
  s: Service,
  ctx: RuleContext,
  rule: 'session-time' | 'closing-within-30-minutes',
): RuleResult {
  const tz = ctx.timeZone;
  const check = checkSessionTimes(ctx.intervals(s), ctx.searchMs, ctx.windowEndMs);
  const window = `${formatLocalTime(ctx.searchMs, tz)}-${formatLocalTime(ctx.windowEndMs, tz)}`;
  if (!check.ok) {
    if (check.rule === 'session-time') {
      return rule === 'session-time'
        ? fail(`Not open at any time in ${window}`)
        : pass('Not open within the window, so closing time not checked');
    }
    return rule === 'session-time'
      ? pass(`Open within ${window}`)
      : fail(
          `Closes at ${formatLocalTime(check.closesAt, tz)}, within ${NOT_CLOSING_WITHIN_MINUTES} minutes`,
        );
  }
  const { start, end } = check.interval;
  if (rule === 'session-time') {
    return pass(
      start <= ctx.searchMs
        ? `Open now, within the session-time window ${window}`
        : `Opens at ${formatLocalTime(start, tz)}, within the session-time window ${window}`,
    );
  }
  const horizon = ctx.windowEndMs + 24 * 60 * 60_000;
  return pass(
    end > horizon
      ? 'Does not close in the next day'
      : `Closes at ${formatLocalDayTime(end, tz)}, not within ${NOT_CLOSING_WITHIN_MINUTES} minutes`,
  );
}
