/**
 * A message topic is everything Lantern knows about one kind of outbound message: which
 * business events promise it (the producer), how it is written for each channel, how a
 * receiver's answer is read, and who may finish or withdraw it by hand.
 *
 * Producers run inside the append transaction (as part of the outbox projection) and on every
 * rebuild and restore, so they must be pure functions of the event: everything a message needs
 * (its route and endpoints included) is in the event, chosen by the command that wrote it.
 */
import type { MessageState, OutboundMessage, Permission, RouteStep, StoredEvent } from '@lantern/core';

/** What a producer promises: the message without its id (derived from the source event). */
export type MessageDraft = Omit<OutboundMessage, 'id' | 'topic'>;

export interface RenderedMessage {
  contentType: string;
  body: string;
  /** For mail: the subject line. */
  subject?: string;
}

export type DeliveryResult =
  | { outcome: 'acknowledged'; reference?: string; detail?: string }
  | { outcome: 'sent'; detail?: string }
  | { outcome: 'failed'; error: string; retryable: boolean };

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  body: string;
  location: string | null;
}

export interface MessageTopic {
  topic: string;
  /** The messages an event promises ([] for nearly every event). Pure and deterministic. */
  produce(event: StoredEvent): MessageDraft[];
  /** The message as one channel carries it. */
  render(message: MessageState, step: RouteStep): RenderedMessage;
  /** Reads a receiver's HTTP answer; without it, 200/201 acknowledge and 202 means sent. */
  interpretHttpAnswer?(answer: HttpAnswer): DeliveryResult;
  /** Who may record that a person accepted it (a voice handover) or that it arrived. */
  acknowledgePermission: Permission;
  /** Who may withdraw it before it is acknowledged. */
  cancelPermission: Permission;
}

/**
 * Every topic Lantern sends. Capabilities add theirs here, in one place, so the projection,
 * the sender and the routes agree on the same list.
 */
export const MESSAGE_TOPICS: MessageTopic[] = [];
