/**
 * The outbox as a projection: messages are created by the events that promise them and moved
 * on by the events of their own `message` stream, all inside the append transaction.
 *
 * 1) A business event and the message it promises commit together or not at all: there is no
 *    moment when a prescription is issued but nothing will send it.
 * 2) Message ids come from the source event (core messageIdFor), so replaying the log recreates
 *    the same rows; `ON CONFLICT DO NOTHING` makes a re-applied source event harmless.
 * 3) A message event is folded onto the stored state when the row is exactly one version behind,
 *    otherwise the message stream is read again from the log (as the cases projection does), so
 *    a row can never silently skip an event.
 */
import {
  applyMessageEvent,
  foldMessage,
  isMessageEventType,
  MESSAGE_STREAM,
  type MessageEvent,
  type MessageState,
  messageIdFor,
  nextDueAt,
  type OutboundMessage,
  routeSchema,
  type StoredEvent,
} from '@lantern/core';
import type { Projection, Tx } from '../eventlog/projections.js';
import { readStreamUpTo } from '../eventlog/readEvents.js';
import type { MessageTopic } from './topics.js';
import './tables.js';

export function toMessageEvent(e: StoredEvent): MessageEvent | null {
  if (!isMessageEventType(e.type)) return null;
  return { type: e.type, data: e.data, at: e.occurredAt, actor: e.actor } as MessageEvent;
}

function rowOf(orgId: string, sourceEventId: string, state: MessageState, updatedAt: string) {
  const step = state.route[state.step];
  return {
    org_id: orgId,
    id: state.id,
    topic: state.topic,
    subject_type: state.subject.type,
    subject_id: state.subject.id,
    source_event_id: sourceEventId,
    status: state.status,
    step: state.step,
    channel: step?.channel ?? 'manual',
    next_due_at: nextDueAt(state)?.toISOString() ?? null,
    created_at: state.createdAt,
    updated_at: updatedAt,
    version: state.version,
    state: JSON.stringify(state),
  };
}

/** The messages an event promises, with their ids, checked against the route schema. */
export function producedMessages(topics: readonly MessageTopic[], event: StoredEvent): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  for (const topic of topics) {
    for (const draft of topic.produce(event)) {
      out.push({
        ...draft,
        route: routeSchema.parse(draft.route),
        topic: topic.topic,
        id: messageIdFor(event.id, out.length),
      });
    }
  }
  return out;
}

export function createOutboxProjection(topics: readonly MessageTopic[]): Projection {
  return {
    name: 'outbox',
    version: 1,
    tables: ['outbox_messages'],
    async apply(tx, events) {
      for (const e of events) {
        if (e.streamType === MESSAGE_STREAM) await applyToMessage(tx, e);
        else if (topics.length > 0) {
          for (const message of producedMessages(topics, e)) {
            const state = foldMessage(message, e.occurredAt, []);
            await tx
              .insertInto('outbox_messages')
              .values(rowOf(e.orgId, e.id, state, e.recordedAt))
              .onConflict((oc) => oc.column('id').doNothing())
              .execute();
          }
        }
      }
    },
  };
}

async function applyToMessage(tx: Tx, e: StoredEvent): Promise<void> {
  const event = toMessageEvent(e);
  if (!event) return;
  const row = await tx
    .selectFrom('outbox_messages')
    .select(['org_id', 'version', 'state', 'source_event_id'])
    .where('id', '=', e.streamId)
    .executeTakeFirst();
  // A message stream with no message is never written by the sender; leave it out.
  if (!row || row.org_id !== e.orgId) return;
  const stored = row.state as unknown as MessageState;
  let state: MessageState;
  if (row.version === e.streamVersion - 1) state = applyMessageEvent(stored, event);
  else {
    const history = await readStreamUpTo(tx, e.orgId, e.streamId, e.streamVersion);
    const events = history.map(toMessageEvent).filter((m): m is MessageEvent => m !== null);
    const base: OutboundMessage = {
      id: stored.id,
      topic: stored.topic,
      subject: stored.subject,
      payload: stored.payload,
      route: stored.route,
    };
    state = { ...foldMessage(base, stored.createdAt, events), version: e.streamVersion };
  }
  const values = rowOf(e.orgId, row.source_event_id, state, e.recordedAt);
  await tx
    .updateTable('outbox_messages')
    .set({
      status: values.status,
      step: values.step,
      channel: values.channel,
      next_due_at: values.next_due_at,
      updated_at: values.updated_at,
      version: values.version,
      state: values.state,
    })
    .where('id', '=', e.streamId)
    .execute();
}
