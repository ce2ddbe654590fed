export {
  type BoundingBox,
  boundingBox,
  EARTH_RADIUS_KM,
  haversineKm,
  isInBox,
  KM_PER_MILE,
  kmToMiles,
  type LatLon,
} from './distance.js';
export { GridIndex, type GridIndexOptions, type NearestOptions, type Neighbour } from './gridIndex.js';
export {
  ensurePostcode,
  type NormalisedPostcode,
  type Postcode,
  type PostcodeProblem,
  type PostcodeResult,
  parsePostcode,
} from './postcode.js';
