/**
 * Result order (domain.md §4.3, "Ordering"): by the rank (1 highest, 10 lowest) the ranking
 * strategy gives each service type; within a rank the patient's home GP first, then
 * services the patient's GP commissions (restricted before unrestricted), then the rest,
 * each nearest first. Then only the top 2 of each service type stay, or the top 1 for the
 * single-answer types. Types the strategy does not rank go after every ranked type.
 */
import type { Service, ServiceType } from './service.js';

/** Rank 1-10 per service type; 1 is shown first. */
export type RankingStrategy = Partial<Record<ServiceType, number>>;

/** Strategies DoS holds by local authority district, by CCG, and nationally; the most local applies. */
export interface RankingStrategies {
  lad?: RankingStrategy;
  ccg?: RankingStrategy;
  national?: RankingStrategy;
}

export type RankingStrategySource = 'lad' | 'ccg' | 'national' | 'none';

export function pickRankingStrategy(strategies: RankingStrategies = {}): {
  strategy: RankingStrategy;
  source: RankingStrategySource;
} {
  for (const source of ['lad', 'ccg', 'national'] as const) {
    const strategy = strategies[source];
    if (strategy) return { strategy, source };
  }
  return { strategy: {}, source: 'none' };
}

/** Types of which DoS returns a single service (domain.md §4.3); every other type keeps two. */
export const SINGLE_RESULT_TYPES: ReadonlySet<ServiceType> = new Set([
  'emergency-national-response',
  'gp-practice',
  'clinical-assessment-service',
  'call-handling-111',
  'pharmacy-clinical-assessment-service',
  'validation-service',
]);
export const DEFAULT_PER_TYPE_LIMIT = 2;

export function perTypeLimit(
  type: ServiceType,
  overrides: Partial<Record<ServiceType, number>> = {},
): number {
  return overrides[type] ?? (SINGLE_RESULT_TYPES.has(type) ? 1 : DEFAULT_PER_TYPE_LIMIT);
}

export type ReferralCategory = 'home-gp' | 'commissioned-restricted' | 'commissioned-unrestricted' | 'other';
const CATEGORY_ORDER: readonly ReferralCategory[] = [
  'home-gp',
  'commissioned-restricted',
  'commissioned-unrestricted',
  'other',
];

export function referralCategory(service: Service, patientGpOdsCode: string | null): ReferralCategory {
  if (patientGpOdsCode === null) return 'other';
  if (service.odsCode === patientGpOdsCode) return 'home-gp';
  if (!service.referral.commissioningGpOdsCodes.includes(patientGpOdsCode)) return 'other';
  return service.referral.restricted ? 'commissioned-restricted' : 'commissioned-unrestricted';
}

export type ServiceLabel = '(Home)' | '(Home OOH)' | '(Catch-all)';

/** "(Home)" on the patient's own GP; "(Home OOH)" on out-of-hours treatment its GP commissions. */
export function homeLabel(service: Service, category: ReferralCategory): ServiceLabel | null {
  if (category === 'home-gp') return '(Home)';
  if (service.type === 'out-of-hours-treatment-centre' && category.startsWith('commissioned'))
    return '(Home OOH)';
  return null;
}

export interface Rankable {
  service: Service;
  distanceKm: number;
  rank: number | null;
  category: ReferralCategory;
}

const UNRANKED = 11;

/** Sorted copy; ties on everything else fall back to service id so the order is stable. */
export function orderByRank<T extends Rankable>(candidates: readonly T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      (a.rank ?? UNRANKED) - (b.rank ?? UNRANKED) ||
      CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) ||
      a.distanceKm - b.distanceKm ||
      (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0),
  );
}

/** Split an ordered list into those kept and those beyond their type's limit. */
export function applyPerTypeLimits<T extends Rankable>(
  ordered: readonly T[],
  overrides: Partial<Record<ServiceType, number>> = {},
): { kept: T[]; dropped: T[] } {
  const seen = new Map<ServiceType, number>();
  const kept: T[] = [];
  const dropped: T[] = [];
  for (const candidate of ordered) {
    const type = candidate.service.type;
    const count = seen.get(type) ?? 0;
    if (count < perTypeLimit(type, overrides)) {
      kept.push(candidate);
      seen.set(type, count + 1);
    } else {
      dropped.push(candidate);
    }
  }
  return { kept, dropped };
}
