/**
 * Messages over HTTP: a case's outbound messages with their delivery history, what awaits an
 * acknowledgement (for supervisors), and the two things a person does to a message.
 * A message of another organisation is not there (404).
 */
import { isOverdue, type MessageState } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { UUID_PATTERN } from '../cases/commands.js';
import { principalOf } from '../identity/access.js';
import { withTenant } from '../tenancy/withTenant.js';
import { listMessagesFor, listUnacknowledged } from './outboxStore.js';
import { MessagingService } from './service.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: UUID_PATTERN } },
} as const;

const eventId = {
  type: 'string',
  pattern: UUID_PATTERN,
  description: 'UUIDv7 made by the client; a retry reuses it',
};

/** The message as screens show it: its state, where it is, and whether someone must act now. */
export function messageView(state: MessageState, now: Date) {
  const step = state.route[state.step];
  return {
    ...state,
    currentStep: step
      ? { index: state.step, channel: step.channel, label: step.label, endpoint: step.endpoint ?? null }
      : null,
    overdue: isOverdue(state, now),
    needsPerson: state.status === 'manual' || state.status === 'failed',
  };
}

export async function registerMessagingRoutes(app: FastifyInstance): Promise<void> {
  const { database, eventStore, messaging } = app.services;
  const service = new MessagingService(database, eventStore, messaging.topics);

  app.get<{ Querystring: { subject: string } }>(
    '/api/messages',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['messaging'],
        summary: 'A record’s outbound messages (e.g. a case’s ambulance request), with every attempt',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['subject'],
          properties: { subject: { type: 'string', pattern: UUID_PATTERN } },
        },
      },
    },
    async (request) => {
      const me = principalOf(request);
      const rows = await withTenant(database, me.orgId, (tx) =>
        listMessagesFor(tx, me.orgId, request.query.subject),
      );
      request.auditNote = { action: 'messages.list', entityType: 'case', entityId: request.query.subject };
      const now = new Date();
      return { messages: rows.map((r) => messageView(r.state, now)) };
    },
  );

  app.get(
    '/api/messages/unacknowledged',
    {
      config: { access: 'wallboard:read' },
      schema: {
        tags: ['messaging'],
        summary: 'Messages not yet acknowledged (or failed), oldest first: what a supervisor watches',
      },
    },
    async (request) => {
      const me = principalOf(request);
      const rows = await withTenant(database, me.orgId, (tx) => listUnacknowledged(tx, me.orgId, 200));
      request.auditNote = { action: 'messages.unacknowledged' };
      const now = new Date();
      return { messages: rows.map((r) => messageView(r.state, now)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/messages/:id',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['messaging'],
        summary: 'One outbound message and its delivery history',
        params: idParams,
      },
    },
    async (request) => {
      const me = principalOf(request);
      const { state } = await service.get(me, request.params.id);
      request.auditNote = { action: 'messages.read', entityType: 'message', entityId: state.id };
      return messageView(state, new Date());
    },
  );

  app.post<{
    Params: { id: string };
    Body: { acceptedBy: string; reference?: string; detail?: string; eventId?: string };
  }>(
    '/api/messages/:id/acknowledge',
    {
      // The topic decides who may (an ambulance handover needs ambulance:request); checked inside.
      config: { access: 'authenticated' },
      schema: {
        tags: ['messaging'],
        summary: 'Record who accepted the message (a voice handover, or delivered another way)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['acceptedBy'],
          properties: {
            acceptedBy: { type: 'string', minLength: 1, maxLength: 200 },
            reference: { type: 'string', minLength: 1, maxLength: 200 },
            detail: { type: 'string', minLength: 1, maxLength: 2000 },
            eventId,
          },
        },
      },
    },
    async (request) => {
      const me = principalOf(request);
      request.auditNote = {
        action: 'messages.acknowledge',
        entityType: 'message',
        entityId: request.params.id,
      };
      const state = await service.acknowledge(me, request.params.id, request.body);
      return messageView(state, new Date());
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string; eventId?: string } }>(
    '/api/messages/:id/cancel',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['messaging'],
        summary: 'Withdraw a message before it is acknowledged (the reason is kept)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 }, eventId },
        },
      },
    },
    async (request) => {
      const me = principalOf(request);
      request.auditNote = { action: 'messages.cancel', entityType: 'message', entityId: request.params.id };
      const state = await service.cancel(me, request.params.id, request.body.reason, request.body.eventId);
      return messageView(state, new Date());
    },
  );
}
