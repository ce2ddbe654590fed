/**
 * When nothing matches, DoS still offers somewhere to go (domain.md §4.3, "Catch-all"): up
 * to the 2 nearest active emergency departments within the national default 60 km,
 * whatever distance was asked for and whatever their capacity, named with "(Catch-all)".
 */
import { boundingBox, isInBox, type LatLon } from '../geo/distance.js';
import { NATIONAL_DEFAULT_SEARCH_DISTANCE_KM } from './searchDistance.js';
import type { Service } from './service.js';

export const CATCH_ALL_LIMIT = 2;

export function findCatchAll(
  services: readonly Service[],
  from: LatLon,
  distanceKm: (service: Service) => number,
): Service[] {
  const box = boundingBox(from, NATIONAL_DEFAULT_SEARCH_DISTANCE_KM);
  return services
    .filter((s) => s.type === 'emergency-department' && s.status === 'active' && isInBox(s.location, box))
    .sort((a, b) => distanceKm(a) - distanceKm(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, CATCH_ALL_LIMIT);
}
