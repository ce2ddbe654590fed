import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm, type LatLon } from './distance.js';
import { GridIndex } from './gridIndex.js';

const GEO_DATA = fileURLToPath(new URL('../../../../../shared/data/geo', import.meta.url));

interface Place extends LatLon {
  id: number;
}

/** The rule the index must reproduce: sort everything by distance, ties by input order. */
function linearNearest(
  places: Place[],
  from: LatLon,
  count: number,
  maxKm = Infinity,
  keep = (_: Place) => true,
) {
  return places
    .map((item, order) => ({ item, order, distanceKm: haversineKm(from, item) }))
    .filter((x) => x.distanceKm <= maxKm && keep(x.item))
    .sort((a, b) => a.distanceKm - b.distanceKm || a.order - b.order)
    .slice(0, Math.max(0, count))
    .map(({ item, distanceKm }) => ({ item, distanceKm }));
}

const ukPoint = fc.record({
  lat: fc.double({ min: 49.9, max: 58.7, noNaN: true }),
  lon: fc.double({ min: -8.2, max: 1.8, noNaN: true }),
});
const anyPoint = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('GridIndex: nearest-N equals a linear scan', () => {
  it('for clustered points around the UK', () => {
    fc.assert(
      fc.property(
        fc.array(ukPoint, { maxLength: 300 }),
        ukPoint,
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(0.01, 0.05, 0.2, 1),
        (points, from, count, cellSizeDeg) => {
          const places = points.map((p, id) => ({ ...p, id }));
          const index = new GridIndex(places, (p) => p, { cellSizeDeg });
          expect(index.nearest(from, count)).toEqual(linearNearest(places, from, count));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('anywhere on Earth: poles, antimeridian, far-away queries, radius limits and filters', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anyPoint,
            ukPoint,
            fc.record({
              lat: fc.double({ min: -5, max: 5, noNaN: true }),
              lon: fc.constantFrom(179.99, -179.99, 180, -180),
            }),
          ),
          { maxLength: 200 },
        ),
        anyPoint,
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom(1, 5, 30),
        fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
        fc.boolean(),
        (points, from, count, cellSizeDeg, maxKm, filterOdd) => {
          const places = points.map((p, id) => ({ ...p, id }));
          const index = new GridIndex(places, (p) => p, { cellSizeDeg });
          const keep = (p: Place) => !filterOdd || p.id % 2 === 0;
          const options = {
            ...(maxKm === undefined ? {} : { maxKm }),
            ...(filterOdd ? { filter: keep } : {}),
          };
          expect(index.nearest(from, count, options)).toEqual(
            linearNearest(places, from, count, maxKm, keep),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('breaks ties by insertion order', () => {
    const places = [
      { id: 0, lat: 53, lon: -2.1 },
      { id: 1, lat: 53, lon: -1.9 },
      { id: 2, lat: 53, lon: -2.1 },
    ];
    const index = new GridIndex(places, (p) => p, { cellSizeDeg: 0.05 });
    expect(index.nearest({ lat: 53, lon: -2 }, 3).map((n) => n.item.id)).toEqual([0, 1, 2]);
  });

  it('refuses positions that are not positions', () => {
    expect(() => new GridIndex([{ lat: Number.NaN, lon: 0 }], (p) => p)).toThrowError(RangeError);
    const index = new GridIndex([{ lat: 0, lon: 0 }], (p) => p);
    expect(() => index.nearest({ lat: 91, lon: 0 }, 1)).toThrowError(RangeError);
    expect(index.nearest({ lat: 0, lon: 0 }, 0)).toEqual([]);
  });
});

describe.skipIf(!existsSync(GEO_DATA))('GridIndex: real Manchester postcodes (shared/data/geo)', () => {
  if (!existsSync(GEO_DATA)) console.warn(`skipping GridIndex real-data tests: ${GEO_DATA} is absent`);

  it('finds the same nearest postcodes as a linear scan over ~60k points', () => {
    const places: Array<Place & { postcode: string }> = [];
    for (const line of readFileSync(`${GEO_DATA}/postcodes/M.csv`, 'utf8').trim().split('\n').slice(1)) {
      const [postcode, lat, lon] = line.split(',');
      // Some non-geographic postcodes carry no coordinates (",,0.00000").
      if (!postcode || !lat || !lon) continue;
      places.push({ id: places.length, postcode, lat: Number(lat), lon: Number(lon) });
    }
    expect(places.length).toBeGreaterThan(50_000);
    const index = new GridIndex(places, (p) => p);
    const m11ae = places.find((p) => p.postcode === 'M1 1AE')!;
    const nearest = index.nearest(m11ae, 5);
    expect(nearest[0]).toEqual({ item: m11ae, distanceKm: 0 });
    for (const from of [m11ae, { lat: 53.3, lon: -2.5 }, { lat: 51.5, lon: -0.1 }, places[1234]!]) {
      expect(index.nearest(from, 10)).toEqual(linearNearest(places, from, 10));
      expect(index.nearest(from, 10, { maxKm: 0.5 })).toEqual(linearNearest(places, from, 10, 0.5));
    }
  });
});
