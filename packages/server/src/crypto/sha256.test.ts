import { portableSha256Hex } from '@lantern/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256Hex } from './sha256.js';

describe('native and portable SHA-256', () => {
  it('agree on every string, including non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(nodeSha256Hex(s)).toBe(portableSha256Hex(s));
      }),
    );
    expect(nodeSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
