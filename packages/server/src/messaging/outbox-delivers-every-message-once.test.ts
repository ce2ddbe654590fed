/**
 * The outbox, end to end over real sockets: a business event promises a message in its own
 * transaction; the sender delivers it down its route; a channel that is down hands over to the
 * next; a person finishes a manual step; a sender that stopped mid-attempt is resumed; two
 * senders never make the same attempt; and a rebuild never re-sends.
 */
import { MESSAGE_STREAM, type MessageState, newId, type RouteStep, type StoredEvent } from '@lantern/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjections } from '../eventlog/rebuildProjections.js';
import { type HttpReceiver, startHttpReceiver, unusedUrl } from '../testing/httpReceiver.js';
import { createOrgWithUsers, signIn, TestClock, type TestUser } from '../testing/identityFixtures.js';
import { openTestApp, type TestApp } from '../testing/testApp.js';
import { onPostgres } from '../testing/testDatabase.js';
import { defaultChannels } from './channels/index.js';
import { OutboxWorker } from './outboxWorker.js';
import type { MessageTopic } from './topics.js';

/** A topic of the test's own: a `PingRequested` event on a `ping` stream promises one message. */
const pingTopic: MessageTopic = {
  topic: 'test.ping',
  produce(event: StoredEvent) {
    if (event.type !== 'PingRequested') return [];
    return [
      {
        subject: { type: 'ping', id: event.streamId },
        payload: { text: String(event.data.text) },
        route: event.data.route as RouteStep[],
      },
    ];
  },
  render: (message) => ({ contentType: 'application/json', body: JSON.stringify(message.payload) }),
  acknowledgePermission: 'ambulance:request',
  cancelPermission: 'ambulance:request',
};

const clock = new TestClock(Date.now());
let t: TestApp;
let receiver: HttpReceiver;
let orgId: string;
let users: Record<string, TestUser>;

beforeAll(async () => {
  // The test drives the sender itself (runOnce with its own clock), so the app's own sender
  // polls rarely and with the same clock.
  t = await openTestApp({
    topics: [pingTopic],
    outboxNow: clock.now,
    outboxPollMs: 3_600_000,
    now: clock.now,
  });
  await t.outbox.stop();
  receiver = await startHttpReceiver();
  ({ orgId, users } = await createOrgWithUsers(t.db.database, 'Outbox Org', [
    'call-handler',
    'clinician',
    'auditor',
  ]));
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
afterEach(() => {
  receiver.requests.length = 0;
  receiver.answer(() => ({ status: 200, body: '{}' }));
});

function sender(): OutboxWorker {
  return new OutboxWorker({
    database: t.db.database,
    eventStore: t.eventStore,
    topics: [pingTopic],
    channels: defaultChannels({ allowInsecureHttp: true }),
    now: clock.now,
  });
}

const step = (endpoint: string, extra: Partial<RouteStep> = {}): RouteStep => ({
  channel: 'https',
  endpoint,
  maxAttempts: 2,
  ackTimeoutMs: 20_000,
  label: 'receiver',
  ...extra,
});

async function requestPing(
  route: RouteStep[],
  text = 'hello',
): Promise<{ pingId: string; messageId: string }> {
  const pingId = newId();
  await t.eventStore.append(orgId, { type: 'ping', id: pingId }, 0, [
    { id: newId(), type: 'PingRequested', data: { text, route }, occurredAt: clock.now().toISOString() },
  ]);
  const row = await t.db.database.db
    .selectFrom('outbox_messages')
    .select('id')
    .where('subject_id', '=', pingId)
    .executeTakeFirstOrThrow();
  return { pingId, messageId: row.id };
}

async function messageState(id: string): Promise<MessageState> {
  const row = await t.db.database.db
    .selectFrom('outbox_messages')
    .select('state')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.state as unknown as MessageState;
}

async function messageEvents(id: string): Promise<string[]> {
  const rows = await t.db.database.db
    .selectFrom('events')
    .select('type')
    .where('stream_id', '=', id)
    .where('stream_type', '=', MESSAGE_STREAM)
    .orderBy('stream_version')
    .execute();
  return rows.map((r) => r.type);
}

/** Runs the sender, moving the clock to each due time, until nothing more happens. */
async function drain(worker: OutboxWorker, rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await worker.runOnce();
    const next = await t.db.database.db
      .selectFrom('outbox_messages')
      .select('next_due_at')
      .where('next_due_at', 'is not', null)
      .where('status', 'in', ['pending', 'in-flight', 'awaiting-ack', 'retry-wait'])
      .orderBy('next_due_at')
      .executeTakeFirst();
    if (!next?.next_due_at) return;
    const due = new Date(next.next_due_at).getTime();
    if (due > clock.ms) clock.ms = due;
  }
}

describe('a promised message', () => {
  it('commits with the event that promised it, and is delivered once with its id', async () => {
    const { messageId } = await requestPing([step(receiver.url)]);
    expect((await messageState(messageId)).status).toBe('pending');
    await drain(sender());
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers['idempotency-key']).toBe(messageId);
    expect(receiver.requests[0]?.headers['x-request-id']).toBe(messageId);
    expect(JSON.parse(receiver.requests[0]?.body ?? '')).toEqual({ text: 'hello' });
    expect((await messageState(messageId)).status).toBe('acknowledged');
    expect(await messageEvents(messageId)).toEqual(['DeliveryAttempted', 'DeliveryAcknowledged']);
  });

  it('is not promised when the event fails: nothing half-written', async () => {
    const pingId = newId();
    const before = await t.db.database.db.selectFrom('outbox_messages').select('id').execute();
    await expect(
      t.eventStore.append(orgId, { type: 'ping', id: pingId }, 0, [
        { id: newId(), type: 'PingRequested', data: { text: 'x', route: [{ channel: 'pigeon' }] } },
      ]),
    ).rejects.toThrow();
    expect(await t.db.database.db.selectFrom('outbox_messages').select('id').execute()).toEqual(before);
    expect(await t.eventStore.readStream(orgId, pingId)).toEqual([]);
  });
});

describe('the primary channel is down', () => {
  it('retries, then the secondary delivers within the deadline, and nothing is duplicated', async () => {
    const down = await unusedUrl();
    const { messageId } = await requestPing([step(down, { maxAttempts: 2 }), step(receiver.url)]);
    await drain(sender());
    expect(receiver.requests).toHaveLength(1);
    const state = await messageState(messageId);
    expect(state.status).toBe('acknowledged');
    expect(state.acknowledged?.step).toBe(1);
    expect(state.escalations).toMatchObject([{ fromStep: 0, toStep: 1, reason: 'attempts-exhausted' }]);
    expect(await messageEvents(messageId)).toEqual([
      'DeliveryAttempted',
      'DeliveryFailed',
      'DeliveryAttempted',
      'DeliveryFailed',
      'DeliveryEscalated',
      'DeliveryAttempted',
      'DeliveryAcknowledged',
    ]);
  });

  it('a refusal (400) moves on at once; an answer of 202 with no acknowledgement moves on at the deadline', async () => {
    const other = await startHttpReceiver({ status: 400, body: '{"issue":"malformed"}' });
    try {
      const refused = await requestPing([step(other.url, { maxAttempts: 5 }), step(receiver.url)]);
      await drain(sender());
      expect(other.requests).toHaveLength(1);
      expect((await messageState(refused.messageId)).escalations[0]?.reason).toBe('refused');

      other.answer(() => ({ status: 202 }));
      receiver.requests.length = 0;
      const slow = await requestPing([step(other.url, { ackTimeoutMs: 5_000 }), step(receiver.url)]);
      const started = clock.ms;
      await drain(sender());
      const state = await messageState(slow.messageId);
      expect(state.status).toBe('acknowledged');
      expect(state.escalations[0]?.reason).toBe('ack-timeout');
      expect(clock.ms - started).toBeGreaterThanOrEqual(5_000);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('every channel is down', () => {
  it('waits for a person, who records who accepted it; only a permitted role may', async () => {
    const down = await unusedUrl();
    const voice: RouteStep = {
      channel: 'manual',
      endpoint: '0300 123 4567',
      maxAttempts: 1,
      ackTimeoutMs: 60_000,
      label: 'Control room line',
    };
    const { messageId } = await requestPing([step(down, { maxAttempts: 1 }), voice]);
    await drain(sender());
    expect((await messageState(messageId)).status).toBe('manual');

    const auditor = await signIn(t.app, clock, users.auditor as TestUser);
    const handler = await signIn(t.app, clock, users['call-handler'] as TestUser);
    const ack = (s: typeof handler, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/messages/${messageId}/acknowledge`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: body,
      });
    expect((await ack(auditor, { acceptedBy: 'Sam' })).statusCode).toBe(403);
    expect((await ack(handler, {})).statusCode).toBe(400);
    const res = await ack(handler, { acceptedBy: 'Sam at NWAS control', reference: 'INC-2026-0042' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'acknowledged',
      acknowledged: { step: 1, acceptedBy: 'Sam at NWAS control', reference: 'INC-2026-0042' },
    });
    expect((await ack(handler, { acceptedBy: 'Sam' })).statusCode).toBe(409);

    const list = await t.app.inject({
      method: 'GET',
      url: `/api/messages?subject=${(await messageState(messageId)).subject.id}`,
      headers: { cookie: handler.cookie },
    });
    expect(list.json().messages).toHaveLength(1);
  });
});

describe('a restart mid-delivery', () => {
  it('the next sender gives up the unfinished attempt after the lease and delivers', async () => {
    const { messageId } = await requestPing([step(receiver.url, { ackTimeoutMs: 120_000, maxAttempts: 3 })]);
    // The sender that stopped: it claimed attempt 1 and never recorded an outcome.
    await t.eventStore.append(orgId, { type: MESSAGE_STREAM, id: messageId }, 0, [
      {
        id: newId(),
        type: 'DeliveryAttempted',
        data: { step: 0, attempt: 1 },
        occurredAt: clock.now().toISOString(),
      },
    ]);
    const next = sender();
    await next.runOnce();
    expect(receiver.requests).toHaveLength(0);
    await drain(next);
    expect(receiver.requests).toHaveLength(1);
    expect(await messageEvents(messageId)).toEqual([
      'DeliveryAttempted',
      'DeliveryFailed',
      'DeliveryAttempted',
      'DeliveryAcknowledged',
    ]);
  });
});

describe.skipIf(!onPostgres)('two senders on one PostgreSQL', () => {
  it('never make the same attempt: every message reaches the receiver once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await requestPing([step(receiver.url)], `m${i}`)).messageId);
    const a = sender();
    const b = sender();
    await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    await drain(a);
    const seen = receiver.requests.map((r) => r.headers['idempotency-key']);
    expect(seen.sort()).toEqual([...ids].sort());
  });
});

describe('a rebuild', () => {
  it('recreates the same outbox from the log and sends nothing again', async () => {
    const { messageId } = await requestPing([step(receiver.url)]);
    await drain(sender());
    expect(receiver.requests).toHaveLength(1);
    const before = await t.db.database.db.selectFrom('outbox_messages').selectAll().orderBy('id').execute();
    await rebuildProjections(t.db.database, t.app.services.projections);
    const after = await t.db.database.db.selectFrom('outbox_messages').selectAll().orderBy('id').execute();
    expect(after.map((r) => [r.id, r.status, r.version])).toEqual(
      before.map((r) => [r.id, r.status, r.version]),
    );
    await drain(sender());
    expect(receiver.requests).toHaveLength(1);
    expect((await messageState(messageId)).status).toBe('acknowledged');
  });
});

describe('another organisation', () => {
  it('sees none of the messages and cannot act on them', async () => {
    const { messageId, pingId } = await requestPing([
      { channel: 'manual', maxAttempts: 1, ackTimeoutMs: 60_000, label: 'phone' },
    ]);
    const other = await createOrgWithUsers(t.db.database, 'Other Org', ['call-handler', 'supervisor']);
    const s = await signIn(t.app, clock, other.users['call-handler'] as TestUser);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/messages?subject=${pingId}`,
      headers: { cookie: s.cookie },
    });
    expect(list.json().messages).toEqual([]);
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/messages/${messageId}`,
      headers: { cookie: s.cookie },
    });
    expect(one.statusCode).toBe(404);
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/messages/${messageId}/acknowledge`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { acceptedBy: 'intruder' },
    });
    expect(ack.statusCode).toBe(404);
    const sup = await signIn(t.app, clock, other.users.supervisor as TestUser);
    const board = await t.app.inject({
      method: 'GET',
      url: '/api/messages/unacknowledged',
      headers: { cookie: sup.cookie },
    });
    expect(board.statusCode).toBe(200);
    expect(board.body.includes(messageId)).toBe(false);
  });
});
