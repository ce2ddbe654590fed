import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from './canonical.js';

describe('canonical JSON', () => {
  it('sorts keys and drops whitespace (RFC 8785 shape)', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0, y: -1.5 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":-1.5,"z":0}}',
    );
  });

  it('is the same for any key order and survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        let text: string;
        try {
          text = canonicalJson(value);
        } catch (e) {
          expect(e).toBeInstanceOf(CanonicalJsonError);
          return;
        }
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
      }),
    );
  });

  it.each([
    ['NaN', { a: Number.NaN }, '$.a'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '$[1]'],
    ['NUL', { a: 'x\u0000' }, '$.a'],
    ['lone surrogate', { s: '\uD800' }, '$.s'],
    ['a Date', { d: new Date(0) }, '$.d'],
    ['undefined in an array', [undefined], '$[0]'],
  ])('rejects %s and names where it is', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrowError(CanonicalJsonError);
    try {
      canonicalJson(value);
    } catch (e) {
      expect((e as CanonicalJsonError).path).toBe(path === '$' ? '' : path.replace(/^\$/, ''));
    }
  });
});
