/**
 * What people do to a message: record that it was accepted (a voice handover, a phone call that
 * delivered what the electronic route could not) or withdraw it. Each is an event on the
 * message's stream, written with the version the rule was checked against.
 */
import {
  hasPermission,
  isFinal,
  isLanternError,
  LanternError,
  MESSAGE_STREAM,
  type MessageState,
  newId,
  parseMessageEvent,
  type Role,
} from '@lantern/core';
import type { EventStore } from '../eventlog/eventStore.js';
import type { Database } from '../storage/database.js';
import { withTenant } from '../tenancy/withTenant.js';
import { getMessage } from './outboxStore.js';
import type { MessageTopic } from './topics.js';

export interface MessageActor {
  orgId: string;
  userId: string;
  roles: readonly Role[];
}

export interface AcknowledgeInput {
  acceptedBy: string;
  reference?: string;
  detail?: string;
  eventId?: string;
}

export class MessagingService {
  private readonly topics: Map<string, MessageTopic>;

  constructor(
    private readonly database: Database,
    private readonly eventStore: EventStore,
    topics: readonly MessageTopic[],
  ) {
    this.topics = new Map(topics.map((t) => [t.topic, t]));
  }

  async get(me: MessageActor, id: string): Promise<{ state: MessageState; version: number }> {
    const row = await withTenant(this.database, me.orgId, (tx) => getMessage(tx, me.orgId, id));
    if (!row) throw new LanternError('E_NOT_FOUND', `No message ${id}`);
    return { state: row.state, version: row.version };
  }

  /** A person records who accepted the message (on any step, at any time before it is final). */
  acknowledge(me: MessageActor, id: string, input: AcknowledgeInput): Promise<MessageState> {
    return this.act(me, id, input.eventId, 'acknowledge', (state) => {
      if (state.status === 'acknowledged')
        throw new LanternError('E_INVALID_TRANSITION', 'This message has already been acknowledged');
      if (state.status === 'cancelled')
        throw new LanternError(
          'E_INVALID_TRANSITION',
          'This message was withdrawn; it cannot be acknowledged',
        );
      return {
        type: 'DeliveryAcknowledged' as const,
        data: parseMessageEvent('DeliveryAcknowledged', {
          step: state.step,
          acceptedBy: input.acceptedBy,
          ...(input.reference === undefined ? {} : { reference: input.reference }),
          ...(input.detail === undefined ? {} : { detail: input.detail }),
        }),
      };
    });
  }

  cancel(me: MessageActor, id: string, reason: string, eventId?: string): Promise<MessageState> {
    return this.act(me, id, eventId, 'cancel', (state) => {
      if (isFinal(state) && state.status !== 'failed')
        throw new LanternError('E_INVALID_TRANSITION', `This message is already ${state.status}`);
      return { type: 'DeliveryCancelled' as const, data: parseMessageEvent('DeliveryCancelled', { reason }) };
    });
  }

  private async act(
    me: MessageActor,
    id: string,
    eventId: string | undefined,
    what: 'acknowledge' | 'cancel',
    plan: (state: MessageState) => { type: 'DeliveryAcknowledged' | 'DeliveryCancelled'; data: object },
  ): Promise<MessageState> {
    // The sender may append between our read and our write; re-check on the newer state.
    for (let attempt = 0; attempt < 3; attempt++) {
      const { state, version } = await this.get(me, id);
      const topic = this.topics.get(state.topic);
      const permission = what === 'acknowledge' ? topic?.acknowledgePermission : topic?.cancelPermission;
      if (!permission || !hasPermission(me.roles, permission))
        throw new LanternError('E_FORBIDDEN', `Your role does not allow you to ${what} this message`);
      const event = plan(state);
      try {
        await this.eventStore.append(me.orgId, { type: MESSAGE_STREAM, id }, version, [
          {
            id: eventId ?? newId(),
            type: event.type,
            data: event.data as Record<string, never>,
            actor: me.userId,
          },
        ]);
      } catch (err) {
        if (isLanternError(err) && err.code === 'E_STREAM_VERSION_CONFLICT') continue;
        throw err;
      }
      return (await this.get(me, id)).state;
    }
    throw new LanternError('E_STREAM_VERSION_CONFLICT', 'The message kept changing; try again');
  }
}
