import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import { breachAt, breachBand, msUntilBreach } from './breach.js';
import { type CaseEventRecord, foldCase } from './foldCase.js';

const CASE_ID = '0193a0e4-7b1c-7def-8abc-0123456789ab';

describe('breach time counts from the disposition', () => {
  it('is the disposition time plus the timeframe, in UTC', () => {
    expect(breachAt('2025-11-29T18:10:00Z', 120)).toBe('2025-11-29T20:10:00.000Z');
    expect(breachAt('2025-11-29T18:10:00+01:00', 60)).toBe('2025-11-29T18:10:00.000Z');
    expect(breachAt(new Date('2025-11-29T18:10:00Z'), 7)).toBe('2025-11-29T18:17:00.000Z');
  });

  it('crosses the clock change without losing or gaining an hour (it is elapsed time)', () => {
    // 26 Oct 2025: UK clocks go back at 02:00 BST. 00:30 BST + 2 h elapsed = 01:30 GMT.
    expect(breachAt('2025-10-26T00:30:00+01:00', 120)).toBe('2025-10-26T01:30:00.000Z');
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a timeframe of %s', (minutes) => {
    expect(() => breachAt('2025-11-29T18:10:00Z', minutes)).toThrow(LanternError);
  });

  it('refuses a time without an offset (it would mean a different instant on each machine)', () => {
    expect(() => breachAt('2025-11-29T18:10:00', 60)).toThrow(/offset/);
    expect(() => breachAt('not a time', 60)).toThrow(LanternError);
  });
});

describe('colour bands', () => {
  const due = '2025-11-29T20:00:00Z';
  const at = (minutesLeft: number) => new Date(Date.parse(due) - minutesLeft * 60_000);

  it.each([
    // A 2-hour timeframe: warning at 30 min left (25%), critical at 12 min (10%).
    [121, 120, 'ok'],
    [31, 120, 'ok'],
    [30, 120, 'warning'],
    [13, 120, 'warning'],
    [12, 120, 'critical'],
    [1, 120, 'critical'],
    [0, 120, 'breached'],
    [-60, 120, 'breached'],
    // A 20-minute timeframe: 10 minutes left is critical although it is half the time.
    [11, 20, 'ok'],
    [10, 20, 'critical'],
    // A day: 10% is 2 h 24 min.
    [145, 1440, 'warning'],
    [144, 1440, 'critical'],
  ] as const)('%s min left of %s is %s', (minutesLeft, timeframe, band) => {
    expect(breachBand(at(minutesLeft), due, timeframe)).toBe(band);
  });

  it('no breach time (no timeframe) is ok; without a timeframe only the 10-minute rule applies', () => {
    expect(breachBand(at(5), null, null)).toBe('ok');
    expect(breachBand(at(5), due, null)).toBe('critical');
    expect(breachBand(at(60), due, null)).toBe('ok');
  });

  it('bands only ever get worse as time passes', () => {
    const order = ['ok', 'warning', 'critical', 'breached'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: -100, max: 3000 }),
        fc.nat(500),
        (tf, left, step) => {
          const earlier = order.indexOf(breachBand(at(left + step), due, tf));
          const later = order.indexOf(breachBand(at(left), due, tf));
          expect(later).toBeGreaterThanOrEqual(earlier);
        },
      ),
    );
  });

  it('counts down in milliseconds for the timer', () => {
    expect(msUntilBreach('2025-11-29T19:59:00Z', due)).toBe(60_000);
    expect(msUntilBreach('2025-11-29T20:01:00Z', due)).toBe(-60_000);
  });
});

describe('the case breach time through triage, override and re-triage', () => {
  const opened: CaseEventRecord = {
    type: 'CaseOpened',
    occurredAt: '2025-11-29T18:00:00Z',
    data: {
      call: { callerName: 'A', relationshipToPatient: 'self', callBackNumber: '07700900123' },
      location: { postcode: 'M1' },
      arrivedVia: 'online-111',
      serviceId: 'cas',
      openedBy: 'u',
    },
  };
  const reached = (at: string, code: string, timeframeMinutes: number | null): CaseEventRecord => ({
    type: 'DispositionReached',
    occurredAt: at,
    data: { code, label: code, timeframeMinutes, skillset: 'primary-care-callback', source: 'triage' },
  });
  const overridden = (
    at: string,
    from: string,
    code: string,
    timeframeMinutes: number | null,
  ): CaseEventRecord => ({
    type: 'DispositionOverridden',
    occurredAt: at,
    data: {
      from,
      to: { code, label: code, timeframeMinutes, skillset: 'x' },
      reason: 'clinical judgement',
      clinicianId: 'gp',
    },
  });
  const fold = (...events: CaseEventRecord[]) => foldCase([opened, ...events], { caseId: CASE_ID });

  it('none before a disposition; none for a disposition without a timeframe', () => {
    expect(fold().breachAt).toBeNull();
    expect(fold(reached('2025-11-29T18:10:00Z', 'LX-SELF-CARE', null)).breachAt).toBeNull();
  });

  it('starts when the disposition is reached, not when the call was taken', () => {
    expect(fold(reached('2025-11-29T18:10:00Z', 'Dx11', 60)).breachAt).toBe('2025-11-29T19:10:00.000Z');
  });

  it('a downgrade starts a new clock from the override', () => {
    const state = fold(
      reached('2025-11-29T18:10:00Z', 'Dx11', 60),
      overridden('2025-11-29T18:50:00Z', 'Dx11', 'Dx13', 360),
    );
    expect(state.breachAt).toBe('2025-11-30T00:50:00.000Z');
  });

  it('an upgrade late in the clock never moves the breach time later', () => {
    // Dx12 (2 h) reached 18:00 breaches 20:00. At 19:30 a clinician upgrades to Dx11 (1 h):
    // 19:30 + 1 h = 20:30 would give the more urgent case more time, so 20:00 stands.
    const state = fold(
      reached('2025-11-29T18:00:00Z', 'Dx12', 120),
      overridden('2025-11-29T19:30:00Z', 'Dx12', 'Dx11', 60),
    );
    expect(state.breachAt).toBe('2025-11-29T20:00:00.000Z');
  });

  it('a re-triage starts a fresh clock', () => {
    const state = fold(
      reached('2025-11-29T18:10:00Z', 'Dx11', 60),
      reached('2025-11-29T21:00:00Z', 'Dx12', 120),
    );
    expect(state.breachAt).toBe('2025-11-29T23:00:00.000Z');
  });
});
