import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { resolveSearchDistance } from './searchDistance.js';

describe('search distance precedence: override, postcode, sector, district, request, national 60 km', () => {
  const stored = { postcode: 5, sector: 10, district: 20 };

  it.each([
    [
      { forceKm: 7, storedKm: stored, requestedKm: 30 },
      { km: 7, source: 'override' },
    ],
    [
      { storedKm: stored, requestedKm: 30 },
      { km: 5, source: 'postcode' },
    ],
    [
      { storedKm: { sector: 10, district: 20 }, requestedKm: 30 },
      { km: 10, source: 'sector' },
    ],
    [
      { storedKm: { district: 20 }, requestedKm: 30 },
      { km: 20, source: 'district' },
    ],
    [{ requestedKm: 30 }, { km: 30, source: 'request' }],
    [{}, { km: 60, source: 'national' }],
  ])('%j -> %j', (input, expected) => {
    expect(resolveSearchDistance(input)).toEqual(expected);
  });

  it('checks a requested distance is 1-99 km only when it is the one used', () => {
    expect(() => resolveSearchDistance({ requestedKm: 100 })).toThrowError(LanternError);
    expect(() => resolveSearchDistance({ requestedKm: 0 })).toThrowError(LanternError);
    expect(resolveSearchDistance({ requestedKm: 100, storedKm: { district: 40 } })).toEqual({
      km: 40,
      source: 'district',
    });
    expect(() => resolveSearchDistance({ forceKm: 150 })).toThrowError(LanternError);
  });
});
