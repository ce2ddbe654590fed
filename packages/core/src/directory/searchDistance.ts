/**
 * Which search distance applies (domain.md §4.3): a forced override, else the distance DoS
 * leads stored for the full postcode, then its sector, then its district, else the one in
 * the request, else the national default of 60 km. Stored distances win over the request
 * because they are tuned per area (rural areas search further).
 */
import { LanternError } from '../errors/catalogue.js';

export const NATIONAL_DEFAULT_SEARCH_DISTANCE_KM = 60;
/** DoS accepts request distances of 1-99 km. */
export const REQUEST_DISTANCE_RANGE_KM = { min: 1, max: 99 } as const;

export type SearchDistanceSource = 'override' | 'postcode' | 'sector' | 'district' | 'request' | 'national';

export interface SearchDistanceInput {
  /** Overrides stored distances; for exceptional use and testing only. */
  forceKm?: number;
  /** Distances stored against the search postcode, its sector and its district. */
  storedKm?: { postcode?: number; sector?: number; district?: number };
  requestedKm?: number;
}

export interface SearchDistance {
  km: number;
  source: SearchDistanceSource;
}

export function resolveSearchDistance(input: SearchDistanceInput = {}): SearchDistance {
  if (input.forceKm !== undefined)
    return { km: ensureRequestDistance(input.forceKm, 'forceKm'), source: 'override' };
  const stored = input.storedKm ?? {};
  for (const source of ['postcode', 'sector', 'district'] as const) {
    const km = stored[source];
    if (km !== undefined && km > 0) return { km, source };
  }
  if (input.requestedKm !== undefined) {
    return { km: ensureRequestDistance(input.requestedKm, 'requestedKm'), source: 'request' };
  }
  return { km: NATIONAL_DEFAULT_SEARCH_DISTANCE_KM, source: 'national' };
}

function ensureRequestDistance(km: number, field: string): number {
  const { min, max } = REQUEST_DISTANCE_RANGE_KM;
  if (!(km >= min && km <= max)) {
    const message = `A search distance is ${min} to ${max} km, not ${km}`;
    throw new LanternError('E_VALIDATION', message, [{ path: `searchDistance.${field}`, message }]);
  }
  return km;
}
