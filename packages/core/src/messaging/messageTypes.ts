/**
 * Outbound messages and their delivery route, as data.
 *
 * Constraints that shaped it:
 * 1) A message to another system (an ambulance request, a prescription, a patient's SMS) must
 *    never depend on one channel: its route is an ordered list of steps, each an independent
 *    channel with its own attempt budget and acknowledgement deadline. When a step runs out of
 *    attempts or time, the next starts; a `manual` step is a person (a voice handover) and is
 *    finished only by someone recording who accepted it.
 * 2) Every attempt, outcome, timeout and escalation is an event on the message's own stream, so
 *    the delivery history is tamper-evident, audited, restored by replay and never re-sent after
 *    a restore: the state below is a fold of those events, nothing else.
 * 3) Messages are created by the business event that promises them (the producer runs inside the
 *    append transaction), so the promise to send and the fact it is about commit together.
 */
import { z } from 'zod';

export const MESSAGE_STREAM = 'message';

export const CHANNEL_KINDS = ['https', 'smtp', 'notification-log', 'manual'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** An hour is beyond any acknowledgement deadline a clinical message could tolerate per step. */
const MAX_ACK_TIMEOUT_MS = 24 * 60 * 60 * 1000;
const MAX_ATTEMPTS = 20;

export const routeStepSchema = z.strictObject({
  channel: z.enum(CHANNEL_KINDS),
  /** A URL for `https`, a mailbox for `smtp`, a phone number or label for `manual`. */
  endpoint: z.string().trim().min(1).max(500).optional(),
  /** Attempts on this step before moving on (a `manual` step has one, the person). */
  maxAttempts: z.int().min(1).max(MAX_ATTEMPTS),
  /** From the step's first attempt, how long to wait for an acknowledgement before moving on. */
  ackTimeoutMs: z.int().min(100).max(MAX_ACK_TIMEOUT_MS),
  /** A human label for screens and scripts ("NWAS CAD interface", "NWAS control room line"). */
  label: z.string().trim().min(1).max(200),
});
export type RouteStep = z.infer<typeof routeStepSchema>;

export const routeSchema = z.array(routeStepSchema).min(1).max(6);

/** What a producer promises to send; `id` is derived from the source event (see messageId.ts). */
export interface OutboundMessage {
  id: string;
  topic: string;
  /** The record the message is about (usually the case), for its timeline and its screens. */
  subject: { type: string; id: string };
  payload: Record<string, unknown>;
  route: RouteStep[];
}

const stepIndex = z.int().min(0).max(5);
const reason = z.string().trim().min(1).max(2000);

/** The message stream's events (the message's creation is its source event, not one of these). */
export const messageEventSchemas = {
  /** The worker claims an attempt; written before any I/O, so a crash leaves a visible trace. */
  DeliveryAttempted: z.strictObject({ step: stepIndex, attempt: z.int().min(1).max(MAX_ATTEMPTS) }),
  /** The channel took the message but the receiver has not acknowledged it yet. */
  DeliverySent: z.strictObject({
    step: stepIndex,
    attempt: z.int().min(1).max(MAX_ATTEMPTS),
    detail: z.string().max(2000).optional(),
  }),
  DeliveryFailed: z.strictObject({
    step: stepIndex,
    attempt: z.int().min(1).max(MAX_ATTEMPTS),
    error: reason,
    /** False when trying again on this step cannot help (refused as malformed, unknown address). */
    retryable: z.boolean(),
  }),
  /** The receiver (or, on a manual step, the person who took it) accepted the message. */
  DeliveryAcknowledged: z.strictObject({
    step: stepIndex,
    /** The receiver's own reference: an incident number, a dispensing token, an SMS id. */
    reference: z.string().trim().min(1).max(200).optional(),
    /** On a manual step: the person at the other end who accepted it. */
    acceptedBy: z.string().trim().min(1).max(200).optional(),
    detail: z.string().max(2000).optional(),
  }),
  /** The step ran out of attempts or time; the next step starts (or, after the last, none). */
  DeliveryEscalated: z.strictObject({
    fromStep: stepIndex,
    toStep: stepIndex.nullable(),
    reason: z.enum(['attempts-exhausted', 'ack-timeout', 'refused']),
  }),
  /** Nobody will send it any more: a paper prescription replaced it, a case was withdrawn. */
  DeliveryCancelled: z.strictObject({ reason }),
} as const;

export type MessageEventType = keyof typeof messageEventSchemas;
export const MESSAGE_EVENT_TYPES = Object.keys(messageEventSchemas) as MessageEventType[];

export type MessageEventData<T extends MessageEventType> = z.infer<(typeof messageEventSchemas)[T]>;

export type MessageEvent = {
  [T in MessageEventType]: { type: T; data: MessageEventData<T>; at: string; actor?: string | null };
}[MessageEventType];

export function isMessageEventType(type: string): type is MessageEventType {
  return Object.hasOwn(messageEventSchemas, type);
}
