/**
 * GET /api/stream: the signed-in user's live updates as server-sent events.
 *
 *   event: hello    {orgId, userId, at}          once, after the subscription is in place: load
 *                                                 the queue now and nothing is missed after it
 *   event: case     {caseId, reference, version, status, queue, skillset, priority, breachAt,
 *                    timeframeMinutes, dispositionCode, assignedTo, seq, events}
 *   event: resync   {reason}                      reload the queue (changes may have been missed)
 *   event: bye      {reason}                      the stream ends (session ended, shutdown)
 *   : heartbeat                                   a comment, every 15 s
 *
 * Access is any signed-in user: the stream carries only what the user's permissions allow
 * (case changes need case:read or queue:read), so a role with none of them gets heartbeats only.
 * The stream is opened as an ordinary reply, so its audit entry is written like any other.
 */
import { PassThrough } from 'node:stream';
import { hasPermission, LanternError } from '@lantern/core';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../identity/access.js';
import { LiveHub, RECONNECT_MS } from './liveHub.js';

/** A console needs one stream; a few allow for tabs and reconnects racing the old stream. */
const MAX_STREAMS_PER_USER = 5;

export async function registerLiveRoutes(app: FastifyInstance): Promise<void> {
  const { database, config } = app.services;
  const hub = new LiveHub(database, { idleMinutes: config.sessionIdleMinutes });
  await hub.start();
  // Open streams never go idle, so they must end before the server waits for connections.
  app.addHook('preClose', async () => hub.closeAll());
  app.addHook('onClose', async () => hub.stop());

  app.get(
    '/api/stream',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['live'],
        summary: 'Live updates (text/event-stream): my organisation’s case and queue changes',
      },
    },
    async (request, reply) => {
      const me = principalOf(request);
      const session = request.session;
      if (!session) throw new LanternError('E_UNAUTHENTICATED');
      if (hub.countFor(me.orgId, me.userId) >= MAX_STREAMS_PER_USER) {
        throw new LanternError('E_RATE_LIMITED', `At most ${MAX_STREAMS_PER_USER} live streams per user`);
      }
      const stream = new PassThrough();
      const sub = {
        orgId: me.orgId,
        userId: me.userId,
        sessionHash: session.sessionHash,
        canReadCases: hasPermission(me.roles, 'case:read') || hasPermission(me.roles, 'queue:read'),
        stream,
      };
      const unsubscribe = hub.subscribe(sub);
      const stop = () => {
        unsubscribe();
        if (!stream.destroyed) stream.destroy();
      };
      request.raw.once('close', stop);
      stream.once('close', unsubscribe);
      stream.write(`retry: ${RECONNECT_MS}\n\n`);
      hub.write(sub, 'hello', { orgId: me.orgId, userId: me.userId, at: new Date().toISOString() });
      request.auditNote = { action: 'live.subscribe', entityType: 'live-stream', entityId: me.userId };
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
}
