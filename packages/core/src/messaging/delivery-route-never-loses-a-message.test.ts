import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageIdFor } from './messageId.js';
import {
  ATTEMPT_LEASE_MS,
  applyMessageEvent,
  decideNext,
  foldMessage,
  initialMessageState,
  isFinal,
  isOverdue,
  type MessageState,
  nextDueAt,
} from './messageState.js';
import type { MessageEvent, OutboundMessage, RouteStep } from './messageTypes.js';
import { parseMessageEvent } from './parseMessageEvent.js';

const T0 = Date.parse('2026-12-02T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

const primary: RouteStep = {
  channel: 'https',
  endpoint: 'https://cad.example/fhir',
  maxAttempts: 3,
  ackTimeoutMs: 30_000,
  label: 'CAD',
};
const secondary: RouteStep = {
  channel: 'smtp',
  endpoint: 'control@amb.example',
  maxAttempts: 2,
  ackTimeoutMs: 60_000,
  label: 'Mailbox',
};
const voice: RouteStep = {
  channel: 'manual',
  endpoint: '0300 000 0000',
  maxAttempts: 1,
  ackTimeoutMs: 120_000,
  label: 'Control room',
};

function message(route: RouteStep[]): OutboundMessage {
  return {
    id: messageIdFor('0193a0a0-0000-7000-8000-000000000001', 0),
    topic: 'ambulance.request',
    subject: { type: 'case', id: '0193a0a0-0000-7000-8000-000000000002' },
    payload: { category: 'C2' },
    route,
  };
}

function step(state: MessageState, event: MessageEvent): MessageState {
  return applyMessageEvent(state, event);
}

describe('a step that works', () => {
  it('is attempted at once and acknowledged', () => {
    let s = initialMessageState(message([primary, secondary, voice]), at(0));
    expect(decideNext(s, new Date(T0))).toEqual({ kind: 'attempt', step: 0, attempt: 1 });
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(10) });
    expect(decideNext(s, new Date(T0 + 20))).toEqual({ kind: 'none' });
    s = step(s, { type: 'DeliveryAcknowledged', data: { step: 0, reference: 'INC-1' }, at: at(200) });
    expect(s.status).toBe('acknowledged');
    expect(s.acknowledged).toEqual({ step: 0, at: at(200), reference: 'INC-1' });
    expect(decideNext(s, new Date(T0 + 10_000_000))).toEqual({ kind: 'none' });
    expect(nextDueAt(s)).toBeNull();
  });
});

describe('the primary channel is down', () => {
  it('retries with backoff, then moves to the secondary when its attempts are used', () => {
    let s = initialMessageState(message([primary, secondary, voice]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 1, error: 'connection refused', retryable: true },
      at: at(5),
    });
    expect(decideNext(s, new Date(T0 + 500))).toEqual({ kind: 'none' });
    expect(nextDueAt(s)?.getTime()).toBe(T0 + 1000);
    expect(decideNext(s, new Date(T0 + 1000))).toEqual({ kind: 'attempt', step: 0, attempt: 2 });
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 2 }, at: at(1000) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 2, error: 'timeout', retryable: true },
      at: at(1100),
    });
    expect(nextDueAt(s)?.getTime()).toBe(T0 + 3000);
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 3 }, at: at(3000) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 3, error: '503', retryable: true },
      at: at(3100),
    });
    expect(decideNext(s, new Date(T0 + 3100))).toEqual({
      kind: 'escalate',
      fromStep: 0,
      toStep: 1,
      reason: 'attempts-exhausted',
    });
  });

  it('moves on at the deadline even while retries remain', () => {
    const slow: RouteStep = { ...primary, maxAttempts: 20, ackTimeoutMs: 5_000 };
    let s = initialMessageState(message([slow, secondary]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 1, error: 'refused', retryable: true },
      at: at(10),
    });
    expect(decideNext(s, new Date(T0 + 5_000))).toMatchObject({
      kind: 'escalate',
      reason: 'ack-timeout',
      toStep: 1,
    });
  });

  it('a refusal that retrying cannot mend moves on at once', () => {
    let s = initialMessageState(message([primary, secondary]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 1, error: '400 malformed', retryable: false },
      at: at(10),
    });
    expect(decideNext(s, new Date(T0 + 10))).toMatchObject({
      kind: 'escalate',
      reason: 'refused',
      toStep: 1,
    });
  });
});

describe('sent but never acknowledged', () => {
  it('waits for the acknowledgement until the deadline, then starts the next step', () => {
    let s = initialMessageState(message([primary, voice]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, { type: 'DeliverySent', data: { step: 0, attempt: 1 }, at: at(50) });
    expect(s.status).toBe('awaiting-ack');
    expect(decideNext(s, new Date(T0 + 29_999))).toEqual({ kind: 'none' });
    expect(nextDueAt(s)?.getTime()).toBe(T0 + 30_000);
    expect(decideNext(s, new Date(T0 + 30_000))).toMatchObject({
      kind: 'escalate',
      reason: 'ack-timeout',
      toStep: 1,
    });
  });

  it('a late acknowledgement of an earlier step still counts', () => {
    let s = initialMessageState(message([primary, voice]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, { type: 'DeliverySent', data: { step: 0, attempt: 1 }, at: at(50) });
    s = step(s, {
      type: 'DeliveryEscalated',
      data: { fromStep: 0, toStep: 1, reason: 'ack-timeout' },
      at: at(30_000),
    });
    expect(s.status).toBe('manual');
    s = step(s, { type: 'DeliveryAcknowledged', data: { step: 0, reference: 'INC-9' }, at: at(31_000) });
    expect(s.status).toBe('acknowledged');
    expect(s.acknowledged?.step).toBe(0);
  });
});

describe('the voice handover is the last resort', () => {
  it('waits for a person, never fails on its own, and shows as overdue', () => {
    let s = initialMessageState(message([primary, voice]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 1, error: 'down', retryable: false },
      at: at(10),
    });
    s = step(s, {
      type: 'DeliveryEscalated',
      data: { fromStep: 0, toStep: 1, reason: 'refused' },
      at: at(10),
    });
    expect(s.status).toBe('manual');
    expect(s.stepStartedAt).toBe(at(10));
    expect(decideNext(s, new Date(T0 + 10_000_000))).toEqual({ kind: 'none' });
    expect(nextDueAt(s)).toBeNull();
    expect(isOverdue(s, new Date(T0 + 100_000))).toBe(false);
    expect(isOverdue(s, new Date(T0 + 120_010))).toBe(true);
    s = step(s, {
      type: 'DeliveryAcknowledged',
      data: { step: 1, acceptedBy: 'Sam, NWAS control', reference: 'INC-77' },
      at: at(130_000),
    });
    expect(s.acknowledged).toMatchObject({ step: 1, acceptedBy: 'Sam, NWAS control', reference: 'INC-77' });
  });

  it('a route that is only a person starts waiting for that person at once', () => {
    const s = initialMessageState(message([voice]), at(0));
    expect(s.status).toBe('manual');
    expect(decideNext(s, new Date(T0))).toEqual({ kind: 'none' });
  });

  it('past the last automatic step, the message fails (and says so)', () => {
    let s = initialMessageState(message([primary]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 1, error: '410 gone', retryable: false },
      at: at(1),
    });
    const action = decideNext(s, new Date(T0 + 1));
    expect(action).toEqual({ kind: 'escalate', fromStep: 0, toStep: null, reason: 'refused' });
    s = step(s, {
      type: 'DeliveryEscalated',
      data: { fromStep: 0, toStep: null, reason: 'refused' },
      at: at(1),
    });
    expect(s.status).toBe('failed');
  });
});

describe('the sender stopped mid-attempt', () => {
  it('gives the attempt up after the lease and tries again', () => {
    const patient: RouteStep = { ...primary, ackTimeoutMs: 120_000 };
    let s = initialMessageState(message([patient]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    expect(decideNext(s, new Date(T0 + ATTEMPT_LEASE_MS - 1))).toEqual({ kind: 'none' });
    expect(decideNext(s, new Date(T0 + ATTEMPT_LEASE_MS))).toEqual({
      kind: 'give-up-attempt',
      step: 0,
      attempt: 1,
    });
  });
});

describe('cancelled', () => {
  it('is final: nothing is sent after it and later outcomes change nothing', () => {
    let s = initialMessageState(message([primary]), at(0));
    s = step(s, { type: 'DeliveryCancelled', data: { reason: 'issued on paper' }, at: at(1) });
    expect(s.status).toBe('cancelled');
    s = step(s, { type: 'DeliveryAcknowledged', data: { step: 0 }, at: at(2) });
    expect(s.status).toBe('cancelled');
    expect(decideNext(s, new Date(T0 + 1_000_000))).toEqual({ kind: 'none' });
  });
});

describe('message ids', () => {
  it('are derived from the source event: the same every time, different per index and event', () => {
    const a = messageIdFor('0193a0a0-0000-7000-8000-000000000001', 0);
    expect(messageIdFor('0193a0a0-0000-7000-8000-000000000001', 0)).toBe(a);
    expect(messageIdFor('0193a0a0-0000-7000-8000-000000000001', 1)).not.toBe(a);
    expect(messageIdFor('0193a0a0-0000-7000-8000-000000000003', 0)).not.toBe(a);
  });
});

describe('event data is checked', () => {
  it('refuses unknown fields and out-of-range steps, naming them', () => {
    expect(() => parseMessageEvent('DeliveryAttempted', { step: 9, attempt: 1 })).toThrow(/not valid/);
    expect(() => parseMessageEvent('DeliveryAcknowledged', { step: 0, who: 'x' })).toThrow(/not valid/);
    expect(() => parseMessageEvent('DeliveryLost', {})).toThrow(/not a message event/);
    expect(parseMessageEvent('DeliveryAcknowledged', { step: 0, reference: ' INC-1 ' })).toEqual({
      step: 0,
      reference: 'INC-1',
    });
  });
});

/*
 * Properties: simulate a sender against channels that fail, hang, or answer at random, with a
 * clock that jumps to each due time. Whatever happens, the message is never stuck (there is
 * always either a final status, a due time, or a person to act), steps are taken in order, no
 * step is attempted more often than it allows, and nextDueAt agrees with decideNext.
 */
type Outcome = 'ack' | 'sent' | 'fail-retry' | 'fail-final' | 'hang';
const routeArb = fc
  .array(
    fc.record({
      channel: fc.constantFrom('https', 'smtp', 'notification-log') as fc.Arbitrary<RouteStep['channel']>,
      maxAttempts: fc.integer({ min: 1, max: 4 }),
      ackTimeoutMs: fc.integer({ min: 100, max: 120_000 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .chain((steps) =>
    fc
      .boolean()
      .map((withVoice) => [
        ...steps.map((s, i) => ({ ...s, label: `step ${i}` })),
        ...(withVoice ? [voice] : []),
      ]),
  );

describe('properties of any route under any failures', () => {
  it('never stuck, in order, within budgets, and nextDueAt agrees with decideNext', () => {
    fc.assert(
      fc.property(
        routeArb,
        fc.array(fc.constantFrom<Outcome>('ack', 'sent', 'fail-retry', 'fail-final', 'hang'), {
          maxLength: 40,
        }),
        (route, outcomes) => {
          let s = initialMessageState(message(route), at(0));
          let now = T0;
          let i = 0;
          const attemptsPerStep = new Map<number, number>();
          let lastStep = 0;
          for (let guard = 0; guard < 200 && !isFinal(s); guard++) {
            const due = nextDueAt(s);
            if (due === null) {
              // Only a person can move it on: a manual last step.
              expect(s.status).toBe('manual');
              expect(s.step).toBe(route.length - 1);
              return;
            }
            now = Math.max(now, due.getTime());
            // Just before the due time (and after the last event), there is nothing to do yet.
            if (due.getTime() - 1 >= now)
              expect(decideNext(s, new Date(due.getTime() - 1)).kind).toBe('none');
            const action = decideNext(s, new Date(now));
            expect(action.kind).not.toBe('none');
            if (action.kind === 'attempt') {
              attemptsPerStep.set(action.step, (attemptsPerStep.get(action.step) ?? 0) + 1);
              expect(attemptsPerStep.get(action.step)).toBeLessThanOrEqual(
                (route[action.step] as RouteStep).maxAttempts,
              );
              s = step(s, {
                type: 'DeliveryAttempted',
                data: { step: action.step, attempt: action.attempt },
                at: at(now - T0),
              });
              const outcome = outcomes[i++] ?? 'fail-retry';
              if (outcome !== 'hang') now += 1;
              const d = { step: action.step, attempt: action.attempt };
              if (outcome === 'ack')
                s = step(s, {
                  type: 'DeliveryAcknowledged',
                  data: { step: action.step },
                  at: at(now - T0),
                });
              else if (outcome === 'sent') s = step(s, { type: 'DeliverySent', data: d, at: at(now - T0) });
              else if (outcome === 'fail-retry' || outcome === 'fail-final')
                s = step(s, {
                  type: 'DeliveryFailed',
                  data: { ...d, error: 'x', retryable: outcome === 'fail-retry' },
                  at: at(now - T0),
                });
            } else if (action.kind === 'give-up-attempt') {
              s = step(s, {
                type: 'DeliveryFailed',
                data: { step: action.step, attempt: action.attempt, error: 'no outcome', retryable: true },
                at: at(now - T0),
              });
            } else if (action.kind === 'escalate') {
              expect(action.fromStep).toBe(s.step);
              expect(action.toStep === null || action.toStep === s.step + 1).toBe(true);
              s = step(s, { type: 'DeliveryEscalated', data: action, at: at(now - T0) });
              expect(s.step).toBeGreaterThanOrEqual(lastStep);
              lastStep = s.step;
            }
          }
          expect(isFinal(s) || s.status === 'manual').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('folding is the same as applying one by one', () => {
    const events: MessageEvent[] = [
      { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) },
      { type: 'DeliveryFailed', data: { step: 0, attempt: 1, error: 'x', retryable: true }, at: at(1) },
      { type: 'DeliveryAttempted', data: { step: 0, attempt: 2 }, at: at(1000) },
      { type: 'DeliveryAcknowledged', data: { step: 0 }, at: at(1200) },
    ];
    const m = message([primary]);
    expect(foldMessage(m, at(0), events)).toEqual(
      events.reduce(applyMessageEvent, initialMessageState(m, at(0))),
    );
  });
});

describe('a failed message is still a person’s to resolve', () => {
  it('can be acknowledged (delivered another way) or withdrawn after it failed', () => {
    let s = initialMessageState(message([primary]), at(0));
    s = step(s, { type: 'DeliveryAttempted', data: { step: 0, attempt: 1 }, at: at(0) });
    s = step(s, {
      type: 'DeliveryFailed',
      data: { step: 0, attempt: 1, error: 'gone', retryable: false },
      at: at(1),
    });
    s = step(s, {
      type: 'DeliveryEscalated',
      data: { fromStep: 0, toStep: null, reason: 'refused' },
      at: at(1),
    });
    expect(s.status).toBe('failed');
    const phoned = step(s, {
      type: 'DeliveryAcknowledged',
      data: { step: 0, acceptedBy: 'Pharmacist on duty' },
      at: at(5),
    });
    expect(phoned.status).toBe('acknowledged');
    const withdrawn = step(s, { type: 'DeliveryCancelled', data: { reason: 'issued on paper' }, at: at(5) });
    expect(withdrawn.status).toBe('cancelled');
  });
});
