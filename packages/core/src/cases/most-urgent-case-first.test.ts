import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareQueueEntries, type QueueEntry, queueEntryOf, sortQueue } from './compareQueueEntries.js';
import { foldCase } from './foldCase.js';

const BASE = Date.parse('2025-11-29T18:00:00Z');
const iso = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

function entry(caseId: string, breach: number | null, priority: number, opened: number): QueueEntry {
  return { caseId, breachAt: breach === null ? null : iso(breach), priority, openedAt: iso(opened) };
}

/**
 * Entries drawn from small ranges so ties on breach time, priority and opening time are common:
 * that is where an ordering goes wrong. Breach times are written in more than one offset.
 */
const entryArb = fc.record({
  breach: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  offset: fc.constantFrom('Z', '+01:00', '-05:00'),
  priority: fc.integer({ min: 1, max: 5 }),
  opened: fc.integer({ min: -3, max: 0 }),
});
const queueArb = fc
  .uniqueArray(fc.tuple(fc.uuid(), entryArb), { selector: ([id]) => id, maxLength: 40 })
  .map((rows) =>
    rows.map(([caseId, e]): QueueEntry => {
      const base = entry(caseId, e.breach === null ? null : e.breach * 15, e.priority, e.opened * 30);
      return { ...base, breachAt: base.breachAt === null ? null : withOffset(base.breachAt, e.offset) };
    }),
  );

function withOffset(utc: string, offset: string): string {
  if (offset === 'Z') return utc;
  const sign = offset.startsWith('-') ? -1 : 1;
  const shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
  const local = new Date(Date.parse(utc) + shift * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
}

describe('the most urgent case is always first', () => {
  it('earliest breach time first, whatever the priority', () => {
    const sorted = sortQueue([entry('a', 60, 1, 0), entry('b', 30, 5, 0)]);
    expect(sorted.map((e) => e.caseId)).toEqual(['b', 'a']);
  });

  it('then priority, then the longest wait, then case id', () => {
    const sorted = sortQueue([
      entry('d', 30, 2, -10),
      entry('c', 30, 2, -10),
      entry('b', 30, 2, -20),
      entry('a', 30, 3, -60),
      entry('e', 30, 1, 0),
    ]);
    expect(sorted.map((e) => e.caseId)).toEqual(['e', 'b', 'c', 'd', 'a']);
  });

  it('compares instants, not spellings: 19:00+01:00 is before 18:30Z', () => {
    const a = { ...entry('a', null, 3, 0), breachAt: '2025-11-29T19:00:00+01:00' };
    const b = { ...entry('b', null, 3, 0), breachAt: '2025-11-29T18:30:00Z' };
    expect(sortQueue([b, a]).map((e) => e.caseId)).toEqual(['a', 'b']);
  });

  it('a case without a breach time waits behind every case with one', () => {
    const sorted = sortQueue([entry('none', null, 1, -600), entry('late', 10_000, 5, 0)]);
    expect(sorted.map((e) => e.caseId)).toEqual(['late', 'none']);
  });

  it('a breach time that cannot be read goes to the top, where someone will see it', () => {
    const odd = { ...entry('odd', null, 5, 0), breachAt: 'garbled' };
    expect(sortQueue([entry('a', 1, 1, 0), odd])[0]!.caseId).toBe('odd');
  });

  it('does not change the array it is given', () => {
    const input = [entry('b', 2, 1, 0), entry('a', 1, 1, 0)];
    sortQueue(input);
    expect(input.map((e) => e.caseId)).toEqual(['b', 'a']);
  });
});

describe('queue order: properties', () => {
  it('is total: only an entry compares equal to itself', () => {
    fc.assert(
      fc.property(queueArb, (queue) => {
        for (const a of queue) {
          for (const b of queue) {
            const c = compareQueueEntries(a, b);
            expect(c === 0).toBe(a.caseId === b.caseId);
            expect(Math.sign(c) + Math.sign(compareQueueEntries(b, a))).toBe(0);
          }
        }
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(queueArb, (queue) => {
        for (const a of queue)
          for (const b of queue)
            for (const c of queue) {
              if (compareQueueEntries(a, b) < 0 && compareQueueEntries(b, c) < 0) {
                expect(compareQueueEntries(a, c)).toBeLessThan(0);
              }
            }
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same order however the rows arrived', () => {
    fc.assert(
      fc.property(
        queueArb.chain((queue) =>
          fc.tuple(fc.constant(queue), fc.shuffledSubarray(queue, { minLength: queue.length })),
        ),
        ([queue, shuffled]) => {
          expect(sortQueue(shuffled).map((e) => e.caseId)).toEqual(sortQueue(queue).map((e) => e.caseId));
        },
      ),
    );
  });

  it('the first entry has the earliest breach time of all', () => {
    fc.assert(
      fc.property(
        queueArb.filter((q) => q.length > 0),
        (queue) => {
          const first = sortQueue(queue)[0]!;
          const times = queue.map((e) =>
            e.breachAt === null ? Number.POSITIVE_INFINITY : Date.parse(e.breachAt),
          );
          const firstTime = first.breachAt === null ? Number.POSITIVE_INFINITY : Date.parse(first.breachAt);
          expect(firstTime).toBe(Math.min(...times));
        },
      ),
    );
  });
});

describe('queueEntryOf', () => {
  const events = [
    {
      type: 'CaseOpened',
      occurredAt: '2025-11-29T18:00:00Z',
      data: {
        call: { callerName: 'A', relationshipToPatient: 'self', callBackNumber: '07700900123' },
        location: { postcode: 'M1' },
        arrivedVia: 'phone-111',
        serviceId: 'cas',
        openedBy: 'u',
      },
    },
    {
      type: 'DispositionReached',
      occurredAt: '2025-11-29T18:10:00Z',
      data: { code: 'Dx11', label: 'x', timeframeMinutes: 60, skillset: 'x', source: 'triage' },
    },
  ];
  const caseId = '0193a0e4-7b1c-7def-8abc-0123456789ab';

  it('is null until the case is queued, then carries what ordering needs', () => {
    expect(queueEntryOf(foldCase(events, { caseId }))).toBeNull();
    const queued = foldCase(
      [
        ...events,
        { type: 'CaseQueued', occurredAt: '2025-11-29T18:11:00Z', data: { queue: 'q', priority: 2 } },
      ],
      {
        caseId,
      },
    );
    expect(queueEntryOf(queued)).toEqual({
      caseId,
      breachAt: '2025-11-29T19:10:00.000Z',
      priority: 2,
      openedAt: '2025-11-29T18:00:00Z',
    });
  });
});
