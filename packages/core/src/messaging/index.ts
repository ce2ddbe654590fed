export { messageIdFor } from './messageId.js';
export {
  ATTEMPT_LEASE_MS,
  applyMessageEvent,
  backoffMs,
  decideNext,
  FINAL_STATUSES,
  foldMessage,
  initialMessageState,
  isFinal,
  isOverdue,
  type MessageState,
  type MessageStatus,
  type NextAction,
  nextDueAt,
} from './messageState.js';
export {
  CHANNEL_KINDS,
  type ChannelKind,
  isMessageEventType,
  MESSAGE_EVENT_TYPES,
  MESSAGE_STREAM,
  type MessageEvent,
  type MessageEventData,
  type MessageEventType,
  messageEventSchemas,
  type OutboundMessage,
  type RouteStep,
  routeSchema,
  routeStepSchema,
} from './messageTypes.js';
export { parseMessageEvent } from './parseMessageEvent.js';
