/**
 * A message's delivery state, folded from its events, and what should happen to it next.
 *
 * The rules, in the order `decideNext` applies them:
 * 1) Acknowledged, failed and cancelled are final. A late acknowledgement from an earlier step
 *    still counts (the receiver de-duplicates by message id, so two steps delivering is safe;
 *    losing one is not).
 * 2) Each step has a deadline: its `ackTimeoutMs` from when the step began (its first attempt,
 *    or the escalation into a manual step). Past it, the next step starts whatever the current
 *    one is doing; an attempt still in flight may yet succeed and is then recorded.
 * 3) A new step with an automatic channel is attempted at once.
 * 4) An attempt claimed but never finished (the process stopped mid-send) is given up after
 *    ATTEMPT_LEASE_MS and counts as a retryable failure, so a restart resumes the delivery.
 * 5) A retryable failure is retried with exponential backoff until the step's attempts are
 *    used; a refusal that retrying cannot mend moves on to the next step at once.
 * 6) A manual step (a person, e.g. a voice handover) waits for someone to record who accepted
 *    it. When it is the last step it never fails on its own: it stays overdue and visible.
 * 7) Escalating past the last automatic step fails the message; the failure is itself an event
 *    that screens and supervisors see. A failed message still waits for a person: someone who
 *    delivered it another way records that (acknowledged), or withdraws it (cancelled).
 */
import type { MessageEvent, OutboundMessage, RouteStep } from './messageTypes.js';

/** Longer than any single HTTPS or SMTP attempt is allowed to take (their own timeouts are 10 s). */
export const ATTEMPT_LEASE_MS = 30_000;
const BACKOFF_BASE_MS = 1_000;
/** Retries on one step never wait longer than this; the step deadline usually comes first. */
const BACKOFF_MAX_MS = 60_000;

export type MessageStatus =
  | 'pending'
  | 'in-flight'
  | 'awaiting-ack'
  | 'retry-wait'
  | 'manual'
  | 'acknowledged'
  | 'failed'
  | 'cancelled';

export const FINAL_STATUSES: readonly MessageStatus[] = ['acknowledged', 'failed', 'cancelled'];

export interface MessageState {
  id: string;
  topic: string;
  subject: OutboundMessage['subject'];
  payload: OutboundMessage['payload'];
  route: RouteStep[];
  createdAt: string;
  status: MessageStatus;
  /** Index of the current step in the route. */
  step: number;
  /** When the current step began (its deadline runs from here); null until it begins. */
  stepStartedAt: string | null;
  /** Attempts made on the current step. */
  attempts: number;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** True when the last failure on this step can be mended by trying again. */
  lastRetryable: boolean;
  acknowledged: { step: number; at: string; reference?: string; acceptedBy?: string } | null;
  cancelled: { at: string; reason: string } | null;
  escalations: { fromStep: number; toStep: number | null; reason: string; at: string }[];
  /** Events folded in (the message stream's version). */
  version: number;
}

export function initialMessageState(message: OutboundMessage, createdAt: string): MessageState {
  const first = message.route[0] as RouteStep;
  return {
    id: message.id,
    topic: message.topic,
    subject: message.subject,
    payload: message.payload,
    route: message.route,
    createdAt,
    status: first.channel === 'manual' ? 'manual' : 'pending',
    step: 0,
    stepStartedAt: first.channel === 'manual' ? createdAt : null,
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    lastRetryable: true,
    acknowledged: null,
    cancelled: null,
    escalations: [],
    version: 0,
  };
}

export function isFinal(state: MessageState): boolean {
  return FINAL_STATUSES.includes(state.status);
}

/** Applies one event. Events are facts: they are folded even when they arrive late. */
export function applyMessageEvent(state: MessageState, event: MessageEvent): MessageState {
  const next: MessageState = { ...state, version: state.version + 1 };
  const final = isFinal(state);
  switch (event.type) {
    case 'DeliveryAttempted':
      if (final || event.data.step !== state.step) return next;
      return {
        ...next,
        status: 'in-flight',
        attempts: event.data.attempt,
        lastAttemptAt: event.at,
        stepStartedAt: state.stepStartedAt ?? event.at,
      };
    case 'DeliverySent':
      if (final || event.data.step !== state.step) return next;
      return { ...next, status: 'awaiting-ack' };
    case 'DeliveryFailed':
      if (final || event.data.step !== state.step) return next;
      return {
        ...next,
        status: 'retry-wait',
        lastError: event.data.error,
        lastRetryable: event.data.retryable,
      };
    case 'DeliveryAcknowledged':
      // A failed message can still be resolved by a person (delivered some other way).
      if (state.status === 'acknowledged' || state.status === 'cancelled') return next;
      return {
        ...next,
        status: 'acknowledged',
        acknowledged: {
          step: event.data.step,
          at: event.at,
          ...(event.data.reference === undefined ? {} : { reference: event.data.reference }),
          ...(event.data.acceptedBy === undefined ? {} : { acceptedBy: event.data.acceptedBy }),
        },
      };
    case 'DeliveryEscalated': {
      if (final || event.data.fromStep !== state.step) return next;
      const escalations = [...state.escalations, { ...event.data, at: event.at }];
      const to = event.data.toStep;
      const step = to === null ? undefined : state.route[to];
      if (to === null || step === undefined) return { ...next, escalations, status: 'failed' };
      const manual = step.channel === 'manual';
      return {
        ...next,
        escalations,
        step: to,
        status: manual ? 'manual' : 'pending',
        stepStartedAt: manual ? event.at : null,
        attempts: 0,
        lastAttemptAt: null,
        lastRetryable: true,
      };
    }
    case 'DeliveryCancelled':
      if (state.status === 'acknowledged' || state.status === 'cancelled') return next;
      return { ...next, status: 'cancelled', cancelled: { at: event.at, reason: event.data.reason } };
  }
}

export function foldMessage(
  message: OutboundMessage,
  createdAt: string,
  events: readonly MessageEvent[],
): MessageState {
  return events.reduce(applyMessageEvent, initialMessageState(message, createdAt));
}

export type NextAction =
  | { kind: 'none' }
  | { kind: 'attempt'; step: number; attempt: number }
  | { kind: 'give-up-attempt'; step: number; attempt: number }
  | {
      kind: 'escalate';
      fromStep: number;
      toStep: number | null;
      reason: 'attempts-exhausted' | 'ack-timeout' | 'refused';
    };

function ms(iso: string): number {
  return Date.parse(iso);
}

function stepDeadline(state: MessageState): number | null {
  const step = state.route[state.step];
  if (!step || state.stepStartedAt === null) return null;
  return ms(state.stepStartedAt) + step.ackTimeoutMs;
}

function escalation(
  state: MessageState,
  reason: 'attempts-exhausted' | 'ack-timeout' | 'refused',
): NextAction {
  const to = state.step + 1 < state.route.length ? state.step + 1 : null;
  return { kind: 'escalate', fromStep: state.step, toStep: to, reason };
}

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

/** What the sender should do at `now`; `none` means wait (see `nextDueAt`). */
export function decideNext(state: MessageState, now: Date): NextAction {
  if (isFinal(state)) return { kind: 'none' };
  const t = now.getTime();
  const step = state.route[state.step] as RouteStep;
  const isLast = state.step === state.route.length - 1;
  const deadline = stepDeadline(state);
  if (deadline !== null && t >= deadline && !(step.channel === 'manual' && isLast)) {
    return escalation(state, 'ack-timeout');
  }
  switch (state.status) {
    case 'pending':
      return { kind: 'attempt', step: state.step, attempt: 1 };
    case 'in-flight':
      if (state.lastAttemptAt !== null && t >= ms(state.lastAttemptAt) + ATTEMPT_LEASE_MS)
        return { kind: 'give-up-attempt', step: state.step, attempt: state.attempts };
      return { kind: 'none' };
    case 'retry-wait':
      if (!state.lastRetryable) return escalation(state, 'refused');
      if (state.attempts >= step.maxAttempts) return escalation(state, 'attempts-exhausted');
      if (state.lastAttemptAt !== null && t < ms(state.lastAttemptAt) + backoffMs(state.attempts))
        return { kind: 'none' };
      return { kind: 'attempt', step: state.step, attempt: state.attempts + 1 };
    default:
      return { kind: 'none' };
  }
}

/** The earliest time `decideNext` may act without an outside event, or null if only one can. */
export function nextDueAt(state: MessageState): Date | null {
  if (isFinal(state)) return null;
  const step = state.route[state.step] as RouteStep;
  const isLast = state.step === state.route.length - 1;
  const deadline = stepDeadline(state);
  const candidates: number[] = [];
  if (deadline !== null && !(step.channel === 'manual' && isLast)) candidates.push(deadline);
  switch (state.status) {
    case 'pending':
      candidates.push(state.stepStartedAt === null ? ms(state.createdAt) : ms(state.stepStartedAt));
      break;
    case 'in-flight':
      if (state.lastAttemptAt !== null) candidates.push(ms(state.lastAttemptAt) + ATTEMPT_LEASE_MS);
      break;
    case 'retry-wait':
      if (!state.lastRetryable || state.attempts >= step.maxAttempts || state.lastAttemptAt === null)
        candidates.push(state.lastAttemptAt === null ? ms(state.createdAt) : ms(state.lastAttemptAt));
      else candidates.push(ms(state.lastAttemptAt) + backoffMs(state.attempts));
      break;
    default:
      break;
  }
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates));
}

/** A manual step past its deadline with nowhere else to go: someone must act, now. */
export function isOverdue(state: MessageState, now: Date): boolean {
  if (isFinal(state)) return false;
  const deadline = stepDeadline(state);
  return deadline !== null && now.getTime() >= deadline;
}
