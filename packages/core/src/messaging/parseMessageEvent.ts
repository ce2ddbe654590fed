import type { ErrorDetail } from '../errors/catalogue.js';
import { LanternError } from '../errors/catalogue.js';
import {
  isMessageEventType,
  type MessageEventData,
  type MessageEventType,
  messageEventSchemas,
} from './messageTypes.js';

/** Checks a message event's data against its schema; each problem names its field. */
export function parseMessageEvent<T extends MessageEventType>(type: T, data: unknown): MessageEventData<T>;
export function parseMessageEvent(type: string, data: unknown): MessageEventData<MessageEventType>;
export function parseMessageEvent(type: string, data: unknown): MessageEventData<MessageEventType> {
  if (!isMessageEventType(type))
    throw new LanternError('E_EVENT_INVALID', `'${type}' is not a message event`, [
      { path: 'type', message: 'unknown message event' },
    ]);
  const result = messageEventSchemas[type].safeParse(data);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((i) => ({
    path: i.path.length > 0 ? i.path.join('.') : 'data',
    message: i.message,
  }));
  throw new LanternError('E_VALIDATION', `The ${type} event is not valid`, details);
}
