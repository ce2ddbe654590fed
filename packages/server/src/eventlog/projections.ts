/**
 * Projections are the read models (case queue, patient index, appointments...). A projection
 * registers the tables it owns and a handler that the event store calls for every new event
 * inside the append transaction, so a reader never sees an event without its projection.
 * Because projections are derived, `lantern rebuild` can empty their tables and replay the log.
 */
import type { StoredEvent } from '@lantern/core';
import type { Transaction } from 'kysely';
import type { DB } from '../storage/schema.js';

export type Tx = Transaction<DB>;

export interface Projection {
  /** Unique, stable name (e.g. 'case-queue'). */
  name: string;
  /** Bump when the handler changes meaning; a rebuild records the version it built. */
  version: number;
  /** Tables this projection alone writes; a rebuild empties them first. */
  tables: string[];
  /** Only events of these stream types reach the handler (all when omitted). */
  streamTypes?: string[];
  /** Apply events, in seq order, within the append transaction. */
  apply(tx: Tx, events: StoredEvent[]): Promise<void>;
}

export class ProjectionRegistry {
  private readonly projections: Projection[] = [];

  register(projection: Projection): void {
    if (this.projections.some((p) => p.name === projection.name)) {
      throw new Error(`projection '${projection.name}' is registered twice`);
    }
    const owned = new Set(this.projections.flatMap((p) => p.tables));
    const clash = projection.tables.find((t) => owned.has(t));
    if (clash) throw new Error(`table '${clash}' already belongs to another projection`);
    this.projections.push(projection);
  }

  list(): readonly Projection[] {
    return this.projections;
  }

  async applyAll(tx: Tx, events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    for (const p of this.projections) {
      const relevant = p.streamTypes ? events.filter((e) => p.streamTypes?.includes(e.streamType)) : events;
      if (relevant.length > 0) await p.apply(tx, relevant);
    }
  }
}
