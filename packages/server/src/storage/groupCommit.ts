/**
 * Group commit for work that must be serialised per key (an organisation's hash chain): while
 * one batch for a key is being committed, later items for that key queue here and are
 * committed together next. Each item has its own outcome. If a whole batch fails, its items
 * are retried one by one, so one bad item never sinks the others.
 */
export interface Settler<R> {
  resolve(result: R): void;
  reject(err: unknown): void;
}

export type BatchOutcome<R> = { ok: R } | { error: unknown };

export class GroupCommitQueue<T, R> {
  private readonly queues = new Map<string, { item: T; settle: Settler<R> }[]>();
  private readonly draining = new Set<string>();

  constructor(
    /** Commits a batch in one transaction; returns one outcome per item, in order. */
    private readonly commitBatch: (key: string, items: T[]) => Promise<BatchOutcome<R>[]>,
    /** The weight of an item (events in an append) and the most weight per batch. */
    private readonly weigh: (item: T) => number,
    private readonly maxBatchWeight: number,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      queue.push({ item, settle: { resolve, reject } });
      this.queues.set(key, queue);
      if (!this.draining.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.draining.add(key);
    try {
      for (;;) {
        const queue = this.queues.get(key);
        if (!queue || queue.length === 0) break;
        const batch: { item: T; settle: Settler<R> }[] = [];
        let weight = 0;
        while (queue.length > 0) {
          const next = queue[0] as { item: T; settle: Settler<R> };
          const w = this.weigh(next.item);
          if (batch.length > 0 && weight + w > this.maxBatchWeight) break;
          batch.push(next);
          weight += w;
          queue.shift();
        }
        await this.commit(key, batch);
      }
    } finally {
      this.queues.delete(key);
      this.draining.delete(key);
    }
  }

  private async commit(key: string, batch: { item: T; settle: Settler<R> }[]): Promise<void> {
    let outcomes: BatchOutcome<R>[];
    try {
      outcomes = await this.commitBatch(
        key,
        batch.map((b) => b.item),
      );
    } catch (err) {
      if (batch.length > 1) {
        for (const b of batch) await this.commit(key, [b]);
      } else {
        batch[0]?.settle.reject(err);
      }
      return;
    }
    batch.forEach((b, i) => {
      const o = outcomes[i] as BatchOutcome<R>;
      if ('ok' in o) b.settle.resolve(o.ok);
      else b.settle.reject(o.error);
    });
  }
}
