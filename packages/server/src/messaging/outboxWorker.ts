/**
 * The sender: works the outbox until stopped.
 *
 * Constraints that shaped it:
 * 1) Several server processes may run a sender against one PostgreSQL. An attempt is claimed by
 *    appending `DeliveryAttempted` with the message-stream version the sender read; a second
 *    sender reading the same version loses with a version conflict and moves on, so one
 *    attempt is never made twice. No lock is held while the network is in use.
 * 2) The claim is written before any I/O, so a process that stops mid-send leaves a visible
 *    attempt that the next sender gives up after the lease (core ATTEMPT_LEASE_MS) and retries:
 *    a restart resumes every delivery, and the receiver de-duplicates by message id.
 * 3) Timeouts are decisions, not timers: every wake-up asks core's `decideNext` what is due now,
 *    so a restart, a clock jump or a slow host never loses an escalation. It wakes on every
 *    commit that touches a message and at least every `pollMs`.
 * 4) `deliver` never throws; anything unexpected becomes a retryable failure event, so a bug in
 *    an adapter cannot stop the others or leave a message silently in flight.
 */
import {
  decideNext,
  isLanternError,
  LanternError,
  MESSAGE_STREAM,
  type MessageEventType,
  type NewEvent,
  newId,
  type RouteStep,
  type StoredEvent,
} from '@lantern/core';
import type { EventStore } from '../eventlog/eventStore.js';
import type { Database } from '../storage/database.js';
import type { Channel } from './channels/channel.js';
import { listDueMessages, type OutboxRow } from './outboxStore.js';
import type { DeliveryResult, MessageTopic } from './topics.js';

export interface OutboxWorkerOptions {
  database: Database;
  eventStore: EventStore;
  topics: readonly MessageTopic[];
  channels: readonly Channel[];
  now?: () => Date;
  /** The longest the sender sleeps when nothing wakes it. */
  pollMs?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** Where problems of the sender itself are reported (never patient data). */
  log?: (message: string, detail?: Record<string, unknown>) => void;
}

/** Messages taken per look at the outbox; the rest wait for the next round (a few ms later). */
const BATCH = 50;
/** The actor recorded on the sender's events. */
export const OUTBOX_ACTOR = 'system:outbox';

export class OutboxWorker {
  private readonly topics: Map<string, MessageTopic>;
  private readonly channels: Map<string, Channel>;
  private readonly now: () => Date;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly log: (message: string, detail?: Record<string, unknown>) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: OutboxWorkerOptions) {
    this.topics = new Map(options.topics.map((t) => [t.topic, t]));
    this.channels = new Map(options.channels.map((c) => [c.kind, c]));
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 8;
    this.log = options.log ?? (() => {});
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.options.eventStore.onCommitted((events) => {
      if (events.some((e) => e.streamType === MESSAGE_STREAM || this.promisesMessage(e))) this.wake();
    });
    this.wake();
  }

  /** Stops waking and waits for the round in progress to finish its deliveries. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a round soon (coalesced: one round at a time, one more if asked during it). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.timer = setTimeout(() => this.wake(), this.pollMs);
    });
  }

  private async loop(): Promise<void> {
    try {
      // Keep going while full batches come back: a backlog drains without waiting for polls.
      while (!this.stopped && (await this.runOnce()) >= BATCH) {}
    } catch (err) {
      this.log('the outbox round failed; it will be retried', { error: describeError(err) });
    }
  }

  /** One look at the outbox: acts on every message due now. Returns how many were due. */
  async runOnce(): Promise<number> {
    const due = await listDueMessages(this.options.database.db, this.now(), BATCH);
    const queue = [...due];
    const workers = Array.from({ length: Math.min(this.concurrency, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await this.act(row);
    });
    await Promise.all(workers);
    return due.length;
  }

  private promisesMessage(event: StoredEvent): boolean {
    for (const topic of this.topics.values()) if (topic.produce(event).length > 0) return true;
    return false;
  }

  private async act(row: OutboxRow): Promise<void> {
    const action = decideNext(row.state, this.now());
    try {
      switch (action.kind) {
        case 'none':
          return;
        case 'escalate':
          await this.record(row, row.version, 'DeliveryEscalated', {
            fromStep: action.fromStep,
            toStep: action.toStep,
            reason: action.reason,
          });
          return;
        case 'give-up-attempt':
          await this.record(row, row.version, 'DeliveryFailed', {
            step: action.step,
            attempt: action.attempt,
            error: 'no outcome was recorded for this attempt (the sender stopped or lost contact)',
            retryable: true,
          });
          return;
        case 'attempt': {
          const claimed = await this.record(row, row.version, 'DeliveryAttempted', {
            step: action.step,
            attempt: action.attempt,
          });
          if (!claimed) return;
          const result = await this.deliver(row, action.step, action.attempt);
          await this.record(row, 'any', ...outcomeEvent(result, action.step, action.attempt));
          return;
        }
      }
    } catch (err) {
      this.log('an outbox action failed; it will be retried', {
        messageId: row.id,
        action: action.kind,
        error: describeError(err),
      });
    }
  }

  private async deliver(row: OutboxRow, stepIndex: number, attempt: number): Promise<DeliveryResult> {
    const step = row.state.route[stepIndex] as RouteStep;
    const topic = this.topics.get(row.state.topic);
    if (!topic)
      return { outcome: 'failed', error: `no sender knows the topic '${row.state.topic}'`, retryable: true };
    const channel = this.channels.get(step.channel);
    if (!channel)
      return {
        outcome: 'failed',
        error: `the ${step.channel} channel is not configured here`,
        retryable: false,
      };
    try {
      return await channel.deliver({ orgId: row.orgId, message: row.state, step, attempt, topic });
    } catch (err) {
      return {
        outcome: 'failed',
        error: `the ${step.channel} channel failed: ${describeError(err)}`,
        retryable: true,
      };
    }
  }

  /** Appends one event to the message stream; false if another sender acted first. */
  private async record(
    row: OutboxRow,
    expected: number | 'any',
    type: MessageEventType,
    data: Record<string, unknown>,
  ): Promise<boolean> {
    const event: NewEvent = {
      id: newId(),
      type,
      data: data as NewEvent['data'],
      occurredAt: this.now().toISOString(),
      actor: OUTBOX_ACTOR,
    };
    try {
      await this.options.eventStore.append(row.orgId, { type: MESSAGE_STREAM, id: row.id }, expected, [
        event,
      ]);
      return true;
    } catch (err) {
      if (isLanternError(err) && err.code === 'E_STREAM_VERSION_CONFLICT') return false;
      throw err;
    }
  }
}

function outcomeEvent(
  result: DeliveryResult,
  step: number,
  attempt: number,
): [MessageEventType, Record<string, unknown>] {
  switch (result.outcome) {
    case 'acknowledged':
      return [
        'DeliveryAcknowledged',
        {
          step,
          ...(result.reference ? { reference: result.reference.slice(0, 200) } : {}),
          ...(result.detail ? { detail: result.detail.slice(0, 2000) } : {}),
        },
      ];
    case 'sent':
      return [
        'DeliverySent',
        { step, attempt, ...(result.detail ? { detail: result.detail.slice(0, 2000) } : {}) },
      ];
    case 'failed':
      return [
        'DeliveryFailed',
        { step, attempt, error: result.error.slice(0, 2000) || 'failed', retryable: result.retryable },
      ];
  }
}

function describeError(err: unknown): string {
  if (err instanceof LanternError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export function startOutbox(options: OutboxWorkerOptions): OutboxWorker {
  const worker = new OutboxWorker(options);
  worker.start();
  return worker;
}

export async function stopOutbox(worker: OutboxWorker): Promise<void> {
  await worker.stop();
}
