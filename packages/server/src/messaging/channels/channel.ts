import type { ChannelKind, MessageState, RouteStep } from '@lantern/core';
import type { DeliveryResult, MessageTopic } from '../topics.js';

export interface DeliveryAttempt {
  orgId: string;
  message: MessageState;
  step: RouteStep;
  attempt: number;
  topic: MessageTopic;
}

/** One way of carrying a message. `deliver` never throws: every outcome is a DeliveryResult. */
export interface Channel {
  kind: ChannelKind;
  deliver(attempt: DeliveryAttempt): Promise<DeliveryResult>;
}
