/**
 * The append-only event log. Constraints that shaped it:
 * 1) Each organisation's events form one hash chain, so appends for an organisation must be
 *    serialised: the appender locks the organisation's chain-head row (FOR UPDATE), which holds
 *    across any number of server processes sharing one PostgreSQL.
 * 2) Serialising naively would cap an organisation at one commit (one fsync) per append. So
 *    appends are group-committed: while one transaction for an organisation is in flight,
 *    further appends for it queue in this process and go together in the next transaction.
 *    Each append in a group still succeeds or fails on its own (version and id checks are
 *    per append); if the group transaction itself fails, each append is retried alone so one
 *    bad append cannot sink the others.
 * 3) Writers make event ids (UUIDv7). An id already in the log with identical content is a
 *    no-op answered with the original seq and hash; with different content it is a conflict.
 * 4) Projections run in the same transaction, so reads never see an event without them.
 */
import {
  type AppendedEvent,
  canonicalJson,
  computeEventHash,
  type ExpectedVersion,
  GENESIS_HASH,
  LanternError,
  type NewEvent,
  type StoredEvent,
  type StreamRef,
} from '@lantern/core';
import { type Selectable, sql } from 'kysely';
import { nodeSha256Hex } from '../crypto/sha256.js';
import type { Database } from '../storage/database.js';
import { GroupCommitQueue } from '../storage/groupCommit.js';
import type { DB, EventsTable } from '../storage/schema.js';
import { type PreparedEvent, prepareEvents } from './prepareEvents.js';
import type { ProjectionRegistry, Tx } from './projections.js';
import { rowToEvent } from './rows.js';

/** Upper bound on events in one group transaction (keeps lock hold time and statement size sane). */
const MAX_GROUP_EVENTS = 2000;
/** Rows per INSERT statement: 14 columns x 2000 stays under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 2000;

interface PendingAppend {
  stream: StreamRef;
  expected: ExpectedVersion;
  events: PreparedEvent[];
}

type Outcome = { ok: AppendedEvent[] } | { error: LanternError };

export interface EventStoreOptions {
  /** Clock, replaceable in tests. */
  now?: () => Date;
}

export class EventStore {
  private readonly groups: GroupCommitQueue<PendingAppend, AppendedEvent[]>;
  private readonly now: () => Date;
  private readonly listeners = new Set<(events: StoredEvent[]) => void>();

  constructor(
    private readonly database: Database,
    private readonly projections: ProjectionRegistry,
    options: EventStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.groups = new GroupCommitQueue(
      (orgId, group) => this.commitGroup(orgId, group),
      (p) => p.events.length,
      MAX_GROUP_EVENTS,
    );
  }

  /**
   * Appends events to one stream atomically. expectedVersion is the stream's current version
   * as the writer last saw it (0 for a new stream), or 'any'.
   */
  append(
    orgId: string,
    stream: StreamRef,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendedEvent[]> {
    if (expectedVersion !== 'any' && !(Number.isInteger(expectedVersion) && expectedVersion >= 0)) {
      return Promise.reject(
        new LanternError('E_VALIDATION', 'expectedVersion must be a whole number or "any"', [
          { path: 'expectedVersion', message: 'invalid' },
        ]),
      );
    }
    let prepared: PreparedEvent[];
    try {
      prepared = prepareEvents(stream, events, this.now());
    } catch (err) {
      return Promise.reject(err);
    }
    return this.groups.submit(orgId, { stream, expected: expectedVersion, events: prepared });
  }

  /** Called after commit with every newly recorded event (live updates hang off this). */
  onCommitted(listener: (events: StoredEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads one stream in version order. */
  async readStream(orgId: string, streamId: string): Promise<StoredEvent[]> {
    const rows = await this.database.db
      .selectFrom('events')
      .selectAll()
      .where('stream_id', '=', streamId)
      .where('org_id', '=', orgId)
      .orderBy('stream_version')
      .execute();
    return rows.map(rowToEvent);
  }

  /** Reads an organisation's events after a seq, in order (sync cursors, replays). */
  async readSince(orgId: string, afterSeq: number, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.database.db
      .selectFrom('events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(rowToEvent);
  }

  private async commitGroup(orgId: string, group: PendingAppend[]): Promise<Outcome[]> {
    try {
      const { outcomes, written } = await this.database.db
        .transaction()
        .execute((tx) => this.writeGroup(tx, orgId, group));
      if (written.length > 0) for (const listener of this.listeners) listener(written);
      return outcomes;
    } catch (err) {
      throw translateDatabaseError(err);
    }
  }

  private async writeGroup(
    tx: Tx,
    orgId: string,
    group: PendingAppend[],
  ): Promise<{ outcomes: Outcome[]; written: StoredEvent[] }> {
    // Round trips are the cost here (each ~0.1-0.4 ms on loopback, all inside the lock), so an
    // append is: BEGIN, lock head, one lookup, one insert-and-move-head, COMMIT.
    const head = await lockChainHead(tx, orgId);
    const { existing, streams } = await lookUp(tx, orgId, group);

    const recordedAt = this.now().toISOString();
    const written: StoredEvent[] = [];
    const dataJson = new Map<string, string>();
    const outcomes = group.map((p): Outcome => {
      const dupes = p.events.map((e) => existing.get(e.id));
      if (dupes.some((d) => d !== undefined)) return answerRetry(orgId, p, dupes);
      const stream = streams.get(p.stream.id);
      if (stream && (!stream.sameOrg || stream.type !== p.stream.type)) {
        return {
          error: new LanternError('E_STREAM_CONFLICT', 'This stream id cannot be used for this record', [
            { path: 'stream.id', message: 'already used for another record' },
          ]),
        };
      }
      const current = stream?.version ?? 0;
      if (p.expected !== 'any' && p.expected !== current) {
        return {
          error: new LanternError(
            'E_STREAM_VERSION_CONFLICT',
            `The record is at version ${current}, not ${p.expected}: reload it and try again`,
            [{ path: 'expectedVersion', message: `expected ${p.expected}, current ${current}` }],
          ),
        };
      }
      const results: AppendedEvent[] = [];
      p.events.forEach((e, i) => {
        head.seq += 1;
        const event: Omit<StoredEvent, 'hash'> = {
          orgId,
          seq: head.seq,
          id: e.id,
          streamType: p.stream.type,
          streamId: p.stream.id,
          streamVersion: current + i + 1,
          type: e.type,
          data: e.data,
          actor: e.actor,
          deviceId: e.deviceId,
          occurredAt: e.occurredAt,
          recordedAt,
          prevHash: head.hash,
        };
        const hash = computeEventHash(head.hash, event, e.dataJson, nodeSha256Hex);
        head.hash = hash;
        const stored = { ...event, hash };
        written.push(stored);
        dataJson.set(e.id, e.dataJson);
        existing.set(e.id, stored);
        results.push({
          id: e.id,
          seq: stored.seq,
          hash,
          streamVersion: stored.streamVersion,
          recordedAt,
          duplicate: false,
        });
      });
      streams.set(p.stream.id, { version: current + p.events.length, type: p.stream.type, sameOrg: true });
      return { ok: results };
    });

    if (written.length > 0) {
      for (let i = 0; i < written.length; i += INSERT_CHUNK) {
        const chunk = written.slice(i, i + INSERT_CHUNK);
        const last = i + INSERT_CHUNK >= written.length;
        const rows = chunk.map((e) => ({
          org_id: e.orgId,
          seq: e.seq,
          id: e.id,
          stream_type: e.streamType,
          stream_id: e.streamId,
          stream_version: e.streamVersion,
          type: e.type,
          data: dataJson.get(e.id) as string,
          actor: e.actor,
          device_id: e.deviceId,
          occurred_at: e.occurredAt,
          recorded_at: e.recordedAt,
          prev_hash: e.prevHash,
          hash: e.hash,
        }));
        if (last) {
          // The final chunk and the head move travel in one statement (a data-modifying CTE).
          await tx
            .with('inserted', (db) => db.insertInto('events').values(rows))
            .updateTable('event_chain_heads')
            .set({ seq: head.seq, hash: head.hash, updated_at: recordedAt })
            .where('org_id', '=', orgId)
            .execute();
        } else {
          await tx.insertInto('events').values(rows).execute();
        }
      }
      await this.projections.applyAll(tx, written);
    }
    return { outcomes, written };
  }
}

interface StreamState {
  version: number;
  type: string;
  sameOrg: boolean;
}

/** One round trip for both lookups: events already recorded under these ids, and stream versions. */
async function lookUp(
  tx: Tx,
  orgId: string,
  group: PendingAppend[],
): Promise<{ existing: Map<string, StoredEvent>; streams: Map<string, StreamState> }> {
  const ids = group.flatMap((p) => p.events.map((e) => e.id));
  const streamIds = [...new Set(group.map((p) => p.stream.id))];
  const { rows } = await sql<{ kind: 'e' | 's'; row: Record<string, unknown> }>`
    SELECT 'e' AS kind, to_jsonb(e) AS row FROM events e WHERE e.id = ANY(${ids}::uuid[])
    UNION ALL
    SELECT 's', jsonb_build_object('stream_id', stream_id, 'version', max(stream_version),
           'stream_type', min(stream_type), 'same_org', bool_and(org_id = ${orgId}::uuid))
      FROM events WHERE stream_id = ANY(${streamIds}::uuid[]) GROUP BY stream_id`.execute(tx);
  const existing = new Map<string, StoredEvent>();
  const streams = new Map<string, StreamState>();
  for (const { kind, row } of rows) {
    if (kind === 'e') {
      const e = rowToEvent(row as unknown as Selectable<EventsTable>);
      existing.set(e.id, e);
    } else {
      streams.set(row.stream_id as string, {
        version: Number(row.version),
        type: row.stream_type as string,
        sameOrg: row.same_org as boolean,
      });
    }
  }
  return { existing, streams };
}

/** Locks (creating if needed) the organisation's chain head for the rest of the transaction. */
async function lockChainHead(tx: Tx, orgId: string): Promise<{ seq: number; hash: string }> {
  // set_config scopes row-level security to this organisation for the rest of the transaction.
  const select = () =>
    tx
      .selectFrom('event_chain_heads')
      .select(['seq', 'hash', sql<string>`set_config('app.org_id', ${orgId}, true)`.as('scope')])
      .where('org_id', '=', orgId)
      .forUpdate()
      .executeTakeFirst();
  let head = await select();
  if (!head) {
    await tx
      .insertInto('event_chain_heads')
      .values({ org_id: orgId, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.doNothing())
      .execute();
    head = await select();
  }
  if (!head) throw new LanternError('E_INTERNAL', 'chain head could not be created');
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * A batch whose ids are already recorded: a retry if every event is there with identical
 * content (answered with the original results), otherwise a conflict that changes nothing.
 */
function answerRetry(orgId: string, p: PendingAppend, dupes: (StoredEvent | undefined)[]): Outcome {
  const results: AppendedEvent[] = [];
  for (const [i, e] of p.events.entries()) {
    const original = dupes[i];
    const path = `events[${i}].id`;
    if (!original) {
      return {
        error: new LanternError(
          'E_EVENT_ID_CONFLICT',
          'This batch mixes new events with events already recorded',
          [{ path, message: 'not yet recorded, while others in the batch are' }],
        ),
      };
    }
    const same =
      original.orgId === orgId &&
      original.streamId === p.stream.id &&
      original.streamType === p.stream.type &&
      original.type === e.type &&
      canonicalJson(original.data) === e.dataJson &&
      original.actor === e.actor &&
      original.deviceId === e.deviceId &&
      (!e.occurredAtGiven || original.occurredAt === e.occurredAt);
    if (!same) {
      return {
        error: new LanternError(
          'E_EVENT_ID_CONFLICT',
          'An event with this id is already recorded with different content',
          [{ path, message: 'id reused for different content' }],
        ),
      };
    }
    results.push({
      id: e.id,
      seq: original.seq,
      hash: original.hash,
      streamVersion: original.streamVersion,
      recordedAt: original.recordedAt,
      duplicate: true,
    });
  }
  return { ok: results };
}

interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
}

/** Database failures an append can meet, as catalogue errors; anything else stays internal. */
export function translateDatabaseError(err: unknown): unknown {
  if (err instanceof LanternError) return err;
  const e = err as PgError;
  if (e?.code === '23505') {
    if (e.constraint?.includes('stream_id'))
      return new LanternError(
        'E_STREAM_VERSION_CONFLICT',
        'The record changed while saving: reload it and try again',
      );
    if (e.constraint?.startsWith('events_id'))
      return new LanternError('E_EVENT_ID_CONFLICT', 'An event with this id is already recorded');
  }
  if (e?.code === '23503' && e.constraint?.includes('org_id')) {
    return new LanternError('E_EVENT_INVALID', 'The organisation does not exist');
  }
  return err;
}

export type { DB };
