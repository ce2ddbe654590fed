/**
 * Nearest-N over points held in memory, for the browser and offline snapshot (the server
 * asks SQL instead). Points go into a uniform latitude/longitude grid; a query scans square
 * rings of cells outwards from its own cell and stops as soon as no unscanned cell can hold
 * anything nearer than the N-th best found. That stopping rule is exact, not a heuristic:
 *
 * - a point in an unscanned row is at least R * (latitude gap to that row) away, because a
 *   great circle never covers less latitude than its length;
 * - a point in an unscanned column is at least R * asin(cos(lat) * sin(L)) away, L being the
 *   longitude gap (capped at 90 degrees): that is the distance from the query to the nearest
 *   bounding meridian (or, past 90 degrees, to the nearer pole).
 *
 * Columns do not wrap at the antimeridian; points across it are still found (the bound
 * stays a true lower bound), just after a longer scan. Ties are broken by insertion order
 * so results are deterministic and match a linear scan exactly.
 */
import { EARTH_RADIUS_KM, haversineKm, type LatLon } from './distance.js';

export interface Neighbour<T> {
  item: T;
  distanceKm: number;
}

export interface GridIndexOptions {
  /** Cell edge in degrees. 0.05 is about 5.5 km north-south and 3.3 km east-west in England. */
  cellSizeDeg?: number;
}

export interface NearestOptions<T> {
  /** Only return items at most this far away. */
  maxKm?: number;
  /** Skip items that fail this test (they are still scanned, so keep it cheap). */
  filter?: (item: T) => boolean;
}

interface Entry<T> {
  item: T;
  lat: number;
  lon: number;
  order: number;
}

const RAD = Math.PI / 180;
/** Floating-point slack so a point exactly on the bound is never skipped. */
const BOUND_SLACK_KM = 1e-9;

export class GridIndex<T> {
  readonly size: number;
  readonly #cellDeg: number;
  readonly #cols: number;
  readonly #cells = new Map<number, Entry<T>[]>();
  #minRow = Number.POSITIVE_INFINITY;
  #maxRow = Number.NEGATIVE_INFINITY;
  #minCol = Number.POSITIVE_INFINITY;
  #maxCol = Number.NEGATIVE_INFINITY;

  constructor(items: Iterable<T>, locate: (item: T) => LatLon, options: GridIndexOptions = {}) {
    const cellDeg = options.cellSizeDeg ?? 0.05;
    if (!(cellDeg > 0 && cellDeg <= 90)) throw new RangeError('cellSizeDeg must be in (0, 90]');
    this.#cellDeg = cellDeg;
    this.#cols = Math.ceil(360 / cellDeg);
    let order = 0;
    for (const item of items) {
      const { lat, lon } = locate(item);
      if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
        throw new RangeError(`GridIndex: item ${order} has no valid position (${lat}, ${lon})`);
      }
      const row = this.#row(lat);
      const col = this.#col(lon);
      const key = row * this.#cols + col;
      const cell = this.#cells.get(key);
      const entry = { item, lat, lon, order: order++ };
      if (cell) cell.push(entry);
      else this.#cells.set(key, [entry]);
      this.#minRow = Math.min(this.#minRow, row);
      this.#maxRow = Math.max(this.#maxRow, row);
      this.#minCol = Math.min(this.#minCol, col);
      this.#maxCol = Math.max(this.#maxCol, col);
    }
    this.size = order;
  }

  /** Up to `count` items nearest `from`, nearest first (ties: earlier-inserted first). */
  nearest(from: LatLon, count: number, options: NearestOptions<T> = {}): Neighbour<T>[] {
    const maxKm = options.maxKm ?? Number.POSITIVE_INFINITY;
    const best: Array<{ entry: Entry<T>; distanceKm: number }> = [];
    if (!(Math.abs(from.lat) <= 90 && Math.abs(from.lon) <= 180)) {
      throw new RangeError(`GridIndex.nearest: (${from.lat}, ${from.lon}) is not a position`);
    }
    if (count <= 0 || this.size === 0) return [];
    const qRow = this.#row(from.lat);
    const qCol = this.#col(from.lon);

    for (let r = 0; ; r++) {
      this.#scanRing(qRow, qCol, r, (entry) => {
        if (options.filter && !options.filter(entry.item)) return;
        const distanceKm = haversineKm(from, entry);
        if (distanceKm > maxKm) return;
        insertBounded(best, { entry, distanceKm }, count);
      });
      const scannedAll =
        qRow - r <= this.#minRow &&
        qRow + r >= this.#maxRow &&
        qCol - r <= this.#minCol &&
        qCol + r >= this.#maxCol;
      if (scannedAll) break;
      const bound = this.#unscannedLowerBoundKm(from, qRow, qCol, r) - BOUND_SLACK_KM;
      if (bound > maxKm) break;
      if (best.length === count && best[count - 1]!.distanceKm < bound) break;
    }
    return best.map(({ entry, distanceKm }) => ({ item: entry.item, distanceKm }));
  }

  #row(lat: number): number {
    return Math.min(Math.floor((lat + 90) / this.#cellDeg), Math.ceil(180 / this.#cellDeg) - 1);
  }

  #col(lon: number): number {
    return Math.min(Math.floor((lon + 180) / this.#cellDeg), this.#cols - 1);
  }

  /** Visit every occupied cell whose Chebyshev distance from (qRow, qCol) is exactly r. */
  #scanRing(qRow: number, qCol: number, r: number, visit: (entry: Entry<T>) => void): void {
    const rowLo = Math.max(qRow - r, this.#minRow);
    const rowHi = Math.min(qRow + r, this.#maxRow);
    const colLo = Math.max(qCol - r, this.#minCol);
    const colHi = Math.min(qCol + r, this.#maxCol);
    if (rowLo > rowHi || colLo > colHi) return;
    const visitCell = (row: number, col: number) => {
      const cell = this.#cells.get(row * this.#cols + col);
      if (cell) for (const entry of cell) visit(entry);
    };
    for (const row of [qRow - r, qRow + r]) {
      if (row < rowLo || row > rowHi) continue;
      for (let col = colLo; col <= colHi; col++) visitCell(row, col);
      if (r === 0) return;
    }
    const innerLo = Math.max(qRow - r + 1, rowLo);
    const innerHi = Math.min(qRow + r - 1, rowHi);
    for (const col of [qCol - r, qCol + r]) {
      if (col < colLo || col > colHi) continue;
      for (let row = innerLo; row <= innerHi; row++) visitCell(row, col);
    }
  }

  /** No point outside the scanned square of rings 0..r can be nearer than this. */
  #unscannedLowerBoundKm(from: LatLon, qRow: number, qCol: number, r: number): number {
    const cell = this.#cellDeg;
    const latGapDeg = Math.min(
      qRow + r + 1 <= this.#maxRow ? (qRow + r + 1) * cell - 90 - from.lat : Number.POSITIVE_INFINITY,
      qRow - r - 1 >= this.#minRow ? from.lat - ((qRow - r) * cell - 90) : Number.POSITIVE_INFINITY,
    );
    // The unscanned columns form one arc of the circle (the complement of the scanned band,
    // which stops at +-180), so its nearest point is at one of the band's two edges,
    // whichever side holds the data.
    const unscannedColumns = qCol - r - 1 >= this.#minCol || qCol + r + 1 <= this.#maxCol;
    const lonGapDeg = unscannedColumns
      ? Math.min(
          Math.min((qCol + r + 1) * cell - 180, 180) - from.lon,
          from.lon - Math.max((qCol - r) * cell - 180, -180),
        )
      : Number.POSITIVE_INFINITY;
    const latBound = EARTH_RADIUS_KM * Math.max(0, latGapDeg) * RAD;
    const lonBound = Number.isFinite(lonGapDeg)
      ? EARTH_RADIUS_KM *
        Math.asin(
          Math.min(1, Math.cos(from.lat * RAD) * Math.sin(Math.min(Math.max(0, lonGapDeg), 90) * RAD)),
        )
      : Number.POSITIVE_INFINITY;
    return Math.min(latBound, lonBound);
  }
}

/** Keep `list` sorted by (distance, insertion order) and no longer than `limit`. */
function insertBounded<T>(
  list: Array<{ entry: Entry<T>; distanceKm: number }>,
  candidate: { entry: Entry<T>; distanceKm: number },
  limit: number,
): void {
  const before = (a: typeof candidate, b: typeof candidate) =>
    a.distanceKm < b.distanceKm || (a.distanceKm === b.distanceKm && a.entry.order < b.entry.order);
  if (list.length === limit && !before(candidate, list[limit - 1]!)) return;
  let i = list.length;
  while (i > 0 && before(candidate, list[i - 1]!)) i--;
  list.splice(i, 0, candidate);
  if (list.length > limit) list.pop();
}
