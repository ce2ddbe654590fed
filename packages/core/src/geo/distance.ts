/**
 * Great-circle geometry on a spherical Earth. Good to about 0.5% against the ellipsoid,
 * which is far inside what service search needs (DoS itself measures straight lines on the
 * OS grid and calls its square box a "radius").
 */

export interface LatLon {
  /** Degrees north, -90..90 (WGS84). */
  lat: number;
  /** Degrees east, -180..180 (WGS84). */
  lon: number;
}

/** IUGG mean Earth radius. */
export const EARTH_RADIUS_KM = 6371.0088;
export const KM_PER_MILE = 1.609344;

const RAD = Math.PI / 180;

/**
 * Great-circle distance on the mean Earth sphere. Written in the spherical Vincenty form,
 * which gives the haversine result but stays exact to the last bit at every distance (the
 * textbook haversine loses ~1 cm near antipodal points, where 1 - h cancels).
 */
export function haversineKm(a: LatLon, b: LatLon): number {
  const φ1 = a.lat * RAD;
  const φ2 = b.lat * RAD;
  const dλ = (b.lon - a.lon) * RAD;
  const sinφ1 = Math.sin(φ1);
  const cosφ1 = Math.cos(φ1);
  const sinφ2 = Math.sin(φ2);
  const cosφ2 = Math.cos(φ2);
  const y = Math.hypot(cosφ2 * Math.sin(dλ), cosφ1 * sinφ2 - sinφ1 * cosφ2 * Math.cos(dλ));
  const x = sinφ1 * sinφ2 + cosφ1 * cosφ2 * Math.cos(dλ);
  return EARTH_RADIUS_KM * Math.atan2(y, x);
}

export function kmToMiles(km: number): number {
  return km / KM_PER_MILE;
}

/**
 * A latitude/longitude box. When it crosses the antimeridian, minLon > maxLon and the box is
 * the two pieces [minLon, 180] and [-180, maxLon].
 */
export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/**
 * The smallest lat/lon box holding every point within `radiusKm` of `center`; its side
 * midpoints are `radiusKm` away, which is the DoS search square (domain.md §4.3). The east
 * and west sides use the tangent longitude asin(sin(r)/cos(lat)) rather than r/cos(lat), so
 * no point of the circle falls outside (J. P. Matuschek, "Finding points within a distance
 * of a latitude/longitude using bounding coordinates").
 */
export function boundingBox(center: LatLon, radiusKm: number): BoundingBox {
  if (!(radiusKm >= 0)) throw new RangeError('boundingBox needs a radius of 0 km or more');
  const angular = radiusKm / EARTH_RADIUS_KM;
  const minLat = center.lat - angular / RAD;
  const maxLat = center.lat + angular / RAD;
  if (minLat <= -90 || maxLat >= 90 || angular >= Math.PI / 2) {
    return { minLat: Math.max(minLat, -90), maxLat: Math.min(maxLat, 90), minLon: -180, maxLon: 180 };
  }
  const ratio = Math.sin(angular) / Math.cos(center.lat * RAD);
  if (ratio >= 1) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const dLon = Math.asin(ratio) / RAD;
  return { minLat, maxLat, minLon: wrapLon(center.lon - dLon), maxLon: wrapLon(center.lon + dLon) };
}

export function isInBox(point: LatLon, box: BoundingBox): boolean {
  if (point.lat < box.minLat || point.lat > box.maxLat) return false;
  return box.minLon <= box.maxLon
    ? point.lon >= box.minLon && point.lon <= box.maxLon
    : point.lon >= box.minLon || point.lon <= box.maxLon;
}

function wrapLon(lon: number): number {
  if (lon < -180) return lon + 360;
  if (lon > 180) return lon - 360;
  return lon;
}
