import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { ChainVerifier, computeEventHash, GENESIS_HASH, hashedContent } from './hashChain.js';
import type { JsonObject, StoredEvent } from './types.js';

const envelope = fc.record({
  orgId: fc.uuid(),
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  id: fc.uuid(),
  streamType: fc.constantFrom('case', 'patient'),
  streamId: fc.uuid(),
  streamVersion: fc.integer({ min: 1, max: 10_000 }),
  type: fc.constantFrom('CaseOpened', 'NoteAdded'),
  data: fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>,
  actor: fc.option(fc.string(), { nil: null }),
  deviceId: fc.option(fc.string(), { nil: null }),
  occurredAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
});

describe('hash chain', () => {
  it('the writer fast path hashes exactly the canonical JSON of the event', () => {
    fc.assert(
      fc.property(envelope, (e) => {
        let dataJson: string;
        try {
          dataJson = canonicalJson(e.data);
        } catch {
          return;
        }
        expect(hashedContent(e, dataJson)).toBe(hashedContent(e));
      }),
    );
  });

  it('links each event to the one before and detects any change to a linked event', () => {
    fc.assert(
      fc.property(fc.array(envelope, { minLength: 2, maxLength: 6 }), fc.nat(), (raw, pick) => {
        let prev = GENESIS_HASH;
        const chain: StoredEvent[] = [];
        for (const [i, r] of raw.entries()) {
          const e = { ...r, data: { n: i }, seq: i + 1, prevHash: prev };
          const hash = computeEventHash(prev, e);
          chain.push({ ...e, hash });
          prev = hash;
        }
        const v = new ChainVerifier('o');
        for (const e of chain) expect(v.check(e)).toBeNull();
        const i = pick % chain.length;
        const tampered = chain.map((e, j) => (j === i ? { ...e, data: { n: -1 } } : e));
        const w = new ChainVerifier('o');
        const breaks = tampered.map((e) => w.check(e)).filter(Boolean);
        expect(breaks[0]).toMatchObject({ kind: 'hash-mismatch', seq: i + 1 });
      }),
    );
  });
});
