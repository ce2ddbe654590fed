import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox, EARTH_RADIUS_KM, haversineKm, isInBox, kmToMiles, type LatLon } from './distance.js';

const RAD = Math.PI / 180;

/** The point `km` away from `start` along initial bearing `bearingDeg` (spherical). */
function destination(start: LatLon, bearingDeg: number, km: number): LatLon {
  const d = km / EARTH_RADIUS_KM;
  const b = bearingDeg * RAD;
  const lat1 = start.lat * RAD;
  const lon1 = start.lon * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 =
    lon1 +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / RAD, lon: ((((lon2 / RAD + 540) % 360) + 360) % 360) - 180 };
}

const position = fc.record({
  lat: fc.double({ min: -89.9, max: 89.9, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('haversine distance', () => {
  it('measures Manchester Piccadilly (M1 1AE) to Charing Cross (WC2N 5DU) at about 262 km', () => {
    const m1 = { lat: 53.48348, lon: -2.23118 };
    const wc2n = { lat: 51.50758, lon: -0.12548 };
    expect(haversineKm(m1, wc2n)).toBeCloseTo(262.2, 0);
    expect(kmToMiles(haversineKm(m1, wc2n))).toBeCloseTo(162.9, 0);
  });

  it('is zero to itself, symmetric and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(position, position, position, (a, b, c) => {
        expect(haversineKm(a, a)).toBe(0);
        expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 9);
        expect(haversineKm(a, c)).toBeLessThanOrEqual(haversineKm(a, b) + haversineKm(b, c) + 1e-6);
        expect(haversineKm(a, b)).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_KM + 1e-6);
      }),
    );
  });

  it('agrees with the distance it was told to travel', () => {
    fc.assert(
      fc.property(
        position,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (p, bearing, km) => {
          expect(haversineKm(p, destination(p, bearing, km))).toBeCloseTo(km, 6);
        },
      ),
    );
  });
});

describe('bounding box for a radius (the DoS search square)', () => {
  it('has side midpoints the radius away', () => {
    const centre = { lat: 53.48, lon: -2.24 };
    const box = boundingBox(centre, 60);
    expect(haversineKm(centre, { lat: box.maxLat, lon: centre.lon })).toBeCloseTo(60, 6);
    expect(haversineKm(centre, { lat: box.minLat, lon: centre.lon })).toBeCloseTo(60, 6);
    // A 60 km square reaches about 85 km at its corners, as DoS documents.
    expect(haversineKm(centre, { lat: box.maxLat, lon: box.maxLon })).toBeGreaterThan(84);
    expect(haversineKm(centre, { lat: box.maxLat, lon: box.maxLon })).toBeLessThan(86);
  });

  it('holds every point within the radius, anywhere on Earth including the antimeridian', () => {
    fc.assert(
      fc.property(
        position,
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0.001, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (centre, bearing, radius, fraction) => {
          const inside = destination(centre, bearing, radius * fraction);
          expect(isInBox(inside, boundingBox(centre, radius))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('handles a box that crosses the antimeridian', () => {
    const box = boundingBox({ lat: 0, lon: 179.9 }, 50);
    expect(box.minLon).toBeGreaterThan(box.maxLon);
    expect(isInBox({ lat: 0, lon: -179.9 }, box)).toBe(true);
    expect(isInBox({ lat: 0, lon: 0 }, box)).toBe(false);
  });

  it('covers every longitude near a pole', () => {
    expect(boundingBox({ lat: 89.8, lon: 10 }, 50)).toMatchObject({ minLon: -180, maxLon: 180, maxLat: 90 });
  });
});
