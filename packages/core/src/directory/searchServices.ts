/**
 * Directory of Services search over plain data: the CheckCapacitySummary logic of
 * domain.md §4.3 as one pure function, for the browser/offline snapshot and as the
 * reference the server's SQL search is tested against. Steps, in DoS order:
 *
 *   1. search distance (override, stored, requested, national 60 km) and its square box;
 *   2. first pipeline: active, inside the box, symptom group, sex, restricted referrals;
 *   3. second pipeline, every rule run so single failures show as gaps: capacity (with
 *      automatic reset), all symptom discriminators, disposition, referral role, age,
 *      session-time window from the disposition timeframe, not closing within 30 minutes,
 *      return-only-if-open, limited areas;
 *   4. order by ranking strategy, home GP and commissioning, distance; keep 2 per type
 *      (1 for single-answer types);
 *   5. nothing left: catch-all, the 2 nearest emergency departments within 60 km.
 *
 * Not modelled: road distances and the 4-hour drive cut-off (a server concern) and the
 * demotion of services promoted to another CCG. DoS documents the catch-all trigger both
 * as "no services" and as "fewer than two"; this follows domain.md: no services.
 */
import { LanternError } from '../errors/catalogue.js';
import { boundingBox, haversineKm, kmToMiles, type LatLon } from '../geo/distance.js';
import { effectiveCapacity } from './capacity.js';
import { findCatchAll } from './catchAll.js';
import { type OpenWindow, openIntervals, windowFrom } from './openingHours.js';
import {
  applyPerTypeLimits,
  homeLabel,
  orderByRank,
  pickRankingStrategy,
  type RankingStrategies,
  type RankingStrategySource,
  type ReferralCategory,
  referralCategory,
  type ServiceLabel,
} from './rankServices.js';
import { resolveSearchDistance, type SearchDistance, type SearchDistanceInput } from './searchDistance.js';
import {
  FIRST_PIPELINE,
  type RuleContext,
  SEARCH_RULES,
  SECOND_PIPELINE,
  type SearchRule,
} from './searchRules.js';
import { type CapacityStatus, DAYS_PER_YEAR, type Service, type ServiceType, type Sex } from './service.js';
import { checkSessionTimes, NOT_CLOSING_WITHIN_MINUTES, sessionWindowMinutes } from './sessionWindow.js';
import { DAY_MS, MINUTE_MS, toLocal } from './zonedTime.js';

export interface DirectorySearch {
  services: readonly Service[];
  /**
   * The triage outcome: Dx code (null matches any service) and its timeframe in minutes.
   * The skill set is carried for the record; DoS matches on the disposition alone.
   */
  disposition: { code: string | null; timeframeMinutes: number | null; skillset?: string };
  /** Symptom group (null matches nothing, so the catch-all answers) and discriminators. */
  symptoms: { symptomGroup: number | null; symptomDiscriminators?: readonly number[] };
  patient: {
    ageYears: number;
    /** Exact age in days, for babies; otherwise ageYears x 365.25, rounded down. */
    ageDays?: number;
    /** DoS default I (indeterminate). */
    sex?: Sex;
    /** The registered GP practice's ODS code: home GP, commissioning and restricted services. */
    gpOdsCode?: string | null;
  };
  /** Search centre, and the CCG/LAD/local area codes it lies in (for limited services). */
  location: LatLon & { areaCodes?: readonly string[] };
  searchTime: Date;
  /** Local dates "YYYY-MM-DD", e.g. ENGLAND_AND_WALES_BANK_HOLIDAYS. */
  bankHolidays: ReadonlySet<string>;
  options?: DirectorySearchOptions;
}

export interface DirectorySearchOptions {
  /** Time zone of the opening hours; default Europe/London. */
  timeZone?: string;
  searchDistance?: SearchDistanceInput;
  /** The searching user's referral role; when absent the referral-role rule is not applied. */
  referralRole?: string;
  rankingStrategies?: RankingStrategies;
  /** SDs valid with each SG (Pathways combinations); requested SDs not valid for the SG are dropped. */
  validSymptomDiscriminators?: ReadonlyMap<number, ReadonlySet<number>>;
  /** Override the 2-per-type (1 for single-answer types) limits. */
  perTypeLimits?: Partial<Record<ServiceType, number>>;
}

export interface MatchedService {
  service: Service;
  /** publicName (or name) with any label, e.g. "Piccadilly Medical Centre (Home)". */
  displayName: string;
  label: ServiceLabel | null;
  distanceKm: number;
  distanceMiles: number;
  capacity: CapacityStatus;
  rank: number | null;
  referralCategory: ReferralCategory;
  opening: OpenWindow | null;
  /** Why it was chosen, one line per rule, in rule order. */
  reasons: string[];
}

/**
 * A service left out, and why. Emergency departments offered by the catch-all appear here
 * too, with the rule that kept them out of the ordinary results (often red capacity).
 */
export interface ExcludedService {
  serviceId: string;
  name: string;
  /** The first rule, in DoS order, that excluded it. */
  rule: SearchRule;
  /** Every rule it failed; the first pipeline stops at its first failure, as in DoS. */
  failedRules: SearchRule[];
  /** Failed exactly one second-pipeline rule: a DoS "gap" worth a commissioner's look. */
  gap: boolean;
  details: string[];
}

export interface DirectorySearchResult {
  services: MatchedService[];
  excluded: ExcludedService[];
  catchAll: boolean;
  searchDistance: SearchDistance;
  sessionWindow: { from: Date; to: Date };
  rankingStrategy: RankingStrategySource;
  warnings: string[];
}

const MAX_AGE_YEARS = 129;

export function searchServices(search: DirectorySearch): DirectorySearchResult {
  const options = search.options ?? {};
  const timeZone = options.timeZone ?? 'Europe/London';
  const calendar = { timeZone, bankHolidays: search.bankHolidays };
  const searchMs = search.searchTime.getTime();
  ensureValidInput(searchMs, search.location);
  const windowEndMs = searchMs + sessionWindowMinutes(search.disposition.timeframeMinutes) * MINUTE_MS;
  const searchDistance = resolveSearchDistance(options.searchDistance);
  const ranking = pickRankingStrategy(options.rankingStrategies);
  const warnings: string[] = [];

  const horizonMs = Math.max(windowEndMs, searchMs + NOT_CLOSING_WITHIN_MINUTES * MINUTE_MS) + DAY_MS;
  const distanceKm = memoise((s: Service) => haversineKm(search.location, s.location));
  const intervals = memoise((s: Service) => openIntervals(s.openingTimes, searchMs, horizonMs, calendar));

  const ctx: RuleContext = {
    box: boundingBox(search.location, searchDistance.km),
    searchKm: searchDistance.km,
    symptomGroup: search.symptoms.symptomGroup,
    symptomDiscriminators: requestedDiscriminators(search, options),
    dispositionCode: search.disposition.code,
    referralRole: options.referralRole ?? null,
    patientSex: search.patient.sex ?? 'I',
    patientAgeDays: ageInDays(search.patient),
    patientGpOdsCode: search.patient.gpOdsCode ?? null,
    areaCodes: search.location.areaCodes ?? [],
    searchMs,
    windowEndMs,
    timeZone,
    distanceKm,
    intervals,
  };

  if (ctx.symptomGroup === null)
    warnings.push('No symptom group was given, so only the catch-all can answer');
  warnings.push(...bankHolidayCoverageWarnings(search.bankHolidays, [searchMs, horizonMs], timeZone));

  const excluded: ExcludedService[] = [];
  const candidates: Array<{ service: Service; reasons: string[] }> = [];
  for (const service of search.services) {
    const outcome = applyRules(service, ctx);
    if ('reasons' in outcome) candidates.push({ service, reasons: outcome.reasons });
    else excluded.push(outcome);
  }

  const base = {
    excluded,
    searchDistance,
    sessionWindow: { from: new Date(searchMs), to: new Date(windowEndMs) },
    rankingStrategy: ranking.source,
    warnings,
  };

  if (candidates.length === 0) {
    const emergencyDepartments = findCatchAll(search.services, search.location, distanceKm);
    if (emergencyDepartments.length === 0)
      warnings.push('No service matched and no emergency department is within 60 km');
    const services = emergencyDepartments.map((service) =>
      matched(service, {
        label: '(Catch-all)',
        distanceKm: distanceKm(service),
        capacity: effectiveCapacity(service, search.searchTime),
        rank: null,
        referralCategory: 'other',
        opening: windowFrom(intervals(service), searchMs, horizonMs),
        reasons: [
          'No service matched the search, so the nearest emergency departments are offered (catch-all)',
          `${distanceKm(service).toFixed(1)} km away, within the national 60 km; capacity not considered`,
        ],
      }),
    );
    return { ...base, services, catchAll: true };
  }

  const ordered = orderByRank(
    candidates.map((c) => ({
      ...c,
      distanceKm: distanceKm(c.service),
      rank: ranking.strategy[c.service.type] ?? null,
      category: referralCategory(c.service, ctx.patientGpOdsCode),
    })),
  );
  const { kept, dropped } = applyPerTypeLimits(ordered, options.perTypeLimits);
  for (const d of dropped) {
    excluded.push({
      serviceId: d.service.id,
      name: d.service.name,
      rule: 'per-type-limit',
      failedRules: ['per-type-limit'],
      gap: false,
      details: [`${SEARCH_RULES['per-type-limit']} (${d.service.type})`],
    });
  }

  const services = kept.map((c) => {
    const check = checkSessionTimes(intervals(c.service), searchMs, windowEndMs);
    const interval = check.ok ? check.interval : null;
    return matched(c.service, {
      label: homeLabel(c.service, c.category),
      distanceKm: c.distanceKm,
      capacity: effectiveCapacity(c.service, search.searchTime),
      rank: c.rank,
      referralCategory: c.category,
      opening: interval && {
        opensAt: new Date(Math.max(interval.start, searchMs)),
        closesAt: interval.end > horizonMs ? null : new Date(interval.end),
        openNow: interval.start <= searchMs,
      },
      reasons: [...c.reasons, ...orderingReasons(c.service.type, c.rank, c.category, ranking.source)],
    });
  });
  return { ...base, services, catchAll: false };
}

/** Each service's distance and opening are needed by several rules; work them out once. */
function memoise<V>(compute: (service: Service) => V): (service: Service) => V {
  const cache = new Map<Service, V>();
  return (service) => {
    if (!cache.has(service)) cache.set(service, compute(service));
    return cache.get(service) as V;
  };
}

function applyRules(service: Service, ctx: RuleContext): { reasons: string[] } | ExcludedService {
  const reasons: string[] = [];
  for (const [rule, check] of FIRST_PIPELINE) {
    const result = check(service, ctx);
    if (!result.pass) {
      return {
        serviceId: service.id,
        name: service.name,
        rule,
        failedRules: [rule],
        gap: false,
        details: [result.detail],
      };
    }
    reasons.push(result.reason);
  }
  const failedRules: SearchRule[] = [];
  const details: string[] = [];
  for (const [rule, check] of SECOND_PIPELINE) {
    const result = check(service, ctx);
    if (result.pass) reasons.push(result.reason);
    else {
      failedRules.push(rule);
      details.push(result.detail);
    }
  }
  if (failedRules.length === 0) return { reasons };
  return {
    serviceId: service.id,
    name: service.name,
    rule: failedRules[0]!,
    failedRules,
    gap: failedRules.length === 1,
    details,
  };
}

function matched(
  service: Service,
  parts: Omit<MatchedService, 'service' | 'displayName' | 'distanceMiles'>,
): MatchedService {
  const name = service.publicName ?? service.name;
  return {
    service,
    displayName: parts.label ? `${name} ${parts.label}` : name,
    distanceMiles: kmToMiles(parts.distanceKm),
    ...parts,
  };
}

function orderingReasons(
  type: ServiceType,
  rank: number | null,
  category: ReferralCategory,
  source: RankingStrategySource,
): string[] {
  const reasons = [
    rank === null
      ? `Service type ${type} is not ranked${source === 'none' ? '' : ` by the ${source} ranking strategy`}, so it follows ranked types`
      : `Service type ${type} has rank ${rank} in the ${source} ranking strategy`,
  ];
  const categoryReason: Record<ReferralCategory, string | null> = {
    'home-gp': "The patient's own GP practice, listed first within its rank",
    'commissioned-restricted':
      "Commissioned (restricted) by the patient's GP, listed before uncommissioned services",
    'commissioned-unrestricted': "Commissioned by the patient's GP, listed before uncommissioned services",
    other: null,
  };
  const extra = categoryReason[category];
  if (extra) reasons.push(extra);
  return reasons;
}

function ensureValidInput(searchMs: number, location: LatLon): void {
  const problems = [];
  if (!Number.isFinite(searchMs))
    problems.push({ path: 'searchTime', message: 'searchTime is not a valid date' });
  if (!(Math.abs(location.lat) <= 90 && Math.abs(location.lon) <= 180)) {
    problems.push({ path: 'location', message: `(${location.lat}, ${location.lon}) is not a position` });
  }
  if (problems.length > 0) {
    throw new LanternError('E_VALIDATION', problems.map((p) => p.message).join('; '), problems);
  }
}

function ageInDays(patient: DirectorySearch['patient']): number {
  const { ageYears, ageDays } = patient;
  if (!(ageYears >= 0 && ageYears <= MAX_AGE_YEARS)) {
    const message = `Age is 0 to ${MAX_AGE_YEARS} years, not ${ageYears}`;
    throw new LanternError('E_VALIDATION', message, [{ path: 'patient.ageYears', message }]);
  }
  if (ageDays !== undefined) {
    if (!(Number.isInteger(ageDays) && ageDays >= 0)) {
      const message = `Age in days is a whole number of 0 or more, not ${ageDays}`;
      throw new LanternError('E_VALIDATION', message, [{ path: 'patient.ageDays', message }]);
    }
    return ageDays;
  }
  return Math.floor(ageYears * DAYS_PER_YEAR);
}

function requestedDiscriminators(search: DirectorySearch, options: DirectorySearchOptions): number[] {
  const unique = [...new Set(search.symptoms.symptomDiscriminators ?? [])];
  const sg = search.symptoms.symptomGroup;
  const valid = sg === null ? undefined : options.validSymptomDiscriminators?.get(sg);
  return valid ? unique.filter((sd) => valid.has(sd)) : unique;
}

function bankHolidayCoverageWarnings(
  bankHolidays: ReadonlySet<string>,
  instants: readonly number[],
  timeZone: string,
): string[] {
  const years = new Set(instants.map((t) => toLocal(t, timeZone).year));
  const known = new Set([...bankHolidays].map((d) => Number(d.slice(0, 4))));
  return [...years]
    .filter((y) => !known.has(y))
    .map((y) => `No bank holidays are known for ${y}; bank-holiday opening is not applied`);
}
