import { describe, expect, it } from 'vitest';
import { ChainTimes, computeCuts, parseUntil } from './until.js';

const ORG_A = '019a0000-0000-7000-8000-00000000000a';
const ORG_B = '019a0000-0000-7000-8000-00000000000b';
const NO_ORG = '00000000-0000-0000-0000-000000000000';

function times(...at: string[]): ChainTimes {
  const t = new ChainTimes();
  for (const [i, a] of at.entries()) t.push(i + 1, Date.parse(a));
  return t;
}

describe('--until names a point in time or a seq, never a guess', () => {
  it('reads an instant with an offset, a plain seq, and ORG:SEQ pairs', () => {
    expect(parseUntil('2026-11-29T13:00:00Z')).toMatchObject({
      kind: 'time',
      at: Date.parse('2026-11-29T13:00:00Z'),
    });
    expect(parseUntil('2026-11-29T14:00:00.250+01:00')).toMatchObject({
      kind: 'time',
      at: Date.parse('2026-11-29T13:00:00.250Z'),
    });
    expect(parseUntil('1200')).toMatchObject({ kind: 'seq', all: 1200 });
    const pairs = parseUntil(`${ORG_A.toUpperCase()}:10, 30`);
    expect(pairs).toMatchObject({ kind: 'seq', all: 30 });
    expect(pairs.kind === 'seq' && [...pairs.perOrg]).toEqual([[ORG_A, 10]]);
  });

  it('refuses a time without an offset, a local date, nonsense and two plain seqs', () => {
    for (const bad of [
      '2026-11-29T13:00:00',
      '2026-11-29',
      'yesterday',
      '12,13',
      'not-a-uuid:5',
      '2026-02-30T10:00Z',
    ])
      expect(() => parseUntil(bad), bad).toThrow(/--until/);
  });
});

describe('each chain is cut to a prefix', () => {
  const heads = {
    events: new Map([
      [ORG_A, 4],
      [ORG_B, 2],
    ]),
    audit: new Map([
      [ORG_A, 3],
      [NO_ORG, 2],
    ]),
  };
  const seen = {
    events: new Map([
      [
        ORG_A,
        times('2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T08:30:00Z', '2026-03-02T10:00:00Z'),
      ],
      [ORG_B, times('2026-03-02T08:10:00Z', '2026-03-02T11:00:00Z')],
    ]),
    audit: new Map([
      [ORG_A, times('2026-03-02T08:00:00Z', '2026-03-02T09:00:00Z', '2026-03-02T09:30:00Z')],
      [NO_ORG, times('2026-03-02T08:05:00Z', '2026-03-02T10:30:00Z')],
    ]),
  };

  it('by time: up to the first row recorded after it (a late clock never opens a hole)', () => {
    const cuts = computeCuts(parseUntil('2026-03-02T08:45:00Z'), heads, seen, NO_ORG);
    expect(Object.fromEntries(cuts.events)).toEqual({ [ORG_A]: 1, [ORG_B]: 1 });
    expect(Object.fromEntries(cuts.audit)).toEqual({ [ORG_A]: 1, [NO_ORG]: 1 });
  });

  it("by seq: events at the seq, audit at that event's time; the no-organisation chain only when all are cut", () => {
    const one = computeCuts(parseUntil(`${ORG_A}:2`), heads, seen, NO_ORG);
    expect(Object.fromEntries(one.events)).toEqual({ [ORG_A]: 2, [ORG_B]: 2 });
    expect(Object.fromEntries(one.audit)).toEqual({ [ORG_A]: 2, [NO_ORG]: 2 });
    const all = computeCuts(parseUntil('1'), heads, seen, NO_ORG);
    expect(Object.fromEntries(all.events)).toEqual({ [ORG_A]: 1, [ORG_B]: 1 });
    expect(Object.fromEntries(all.audit)).toEqual({ [ORG_A]: 1, [NO_ORG]: 1 });
  });

  it('without --until, everything; an unknown organisation is refused', () => {
    expect(computeCuts(undefined, heads, seen, NO_ORG).events).toEqual(heads.events);
    expect(() => computeCuts(parseUntil(`${ORG_A.replace('a', 'c')}:1`), heads, seen, NO_ORG)).toThrow(
      /not in the backup/,
    );
  });
});
