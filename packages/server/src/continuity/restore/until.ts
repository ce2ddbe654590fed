/**
 * Point-in-time restore: where each chain is cut. A seq numbers one organisation's events, not
 * the whole database, so `--until` takes either a time or seqs:
 *
 *   --until 2026-11-29T13:00:00Z   every chain keeps its events (and audit entries) recorded at or
 *                                  before that instant (an offset is required: no guessing zones)
 *   --until 1200                   every organisation's event chain stops at seq 1200
 *   --until ORG:1200[,ORG:900]     those organisations stop there; the others are restored whole
 *   --until 1200,ORG:900           both: a default for all, and exceptions
 *
 * Whatever the form, what is restored is a *prefix* of each chain: it ends just before the first
 * row past the cut, so no chain ever has a hole and the chain heads are set to the last row kept.
 * With seqs, each organisation's audit chain is cut at the time its last kept event was recorded;
 * the chain of entries that belong to no organisation is cut only when every organisation is
 * (at the latest of their times). Reference data (users, roles...) is as of the backup: it has
 * no history to rewind.
 */
import { isUuid } from '@lantern/core';

export type Until =
  | { kind: 'time'; text: string; at: number }
  | { kind: 'seq'; text: string; all: number | null; perOrg: Map<string, number> };

export class UntilError extends Error {
  override name = 'UntilError';
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseUntil(text: string): Until {
  const value = text.trim();
  if (INSTANT.test(value)) {
    const at = Date.parse(value);
    const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (Number.isNaN(at) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
      throw new UntilError(`--until ${text}: not a real date and time`);
    return { kind: 'time', text: value, at };
  }
  let all: number | null = null;
  const perOrg = new Map<string, number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = /^(?:([0-9a-fA-F-]{36}):)?(\d{1,15})$/.exec(part);
    if (!m || (m[1] !== undefined && !isUuid(m[1].toLowerCase())))
      throw new UntilError(
        `--until ${text}: expected an ISO 8601 time with offset (2026-11-29T13:00:00Z), a seq (1200) or ORG_ID:SEQ pairs`,
      );
    const seq = Number(m[2]);
    if (m[1] === undefined) {
      if (all !== null) throw new UntilError(`--until ${text}: give one plain seq at most`);
      all = seq;
    } else {
      perOrg.set(m[1].toLowerCase(), seq);
    }
  }
  return { kind: 'seq', text: value, all, perOrg };
}

/** recorded_at (ms) of every row of one chain, by seq (index seq - 1). */
export class ChainTimes {
  private times = new Float64Array(1024);
  length = 0;

  push(seq: number, at: number): void {
    if (seq !== this.length + 1) return; // verification reports gaps; only a clean prefix matters
    if (this.length === this.times.length) {
      const bigger = new Float64Array(this.times.length * 2);
      bigger.set(this.times);
      this.times = bigger;
    }
    this.times[this.length++] = at;
  }

  at(seq: number): number {
    return seq >= 1 && seq <= this.length ? (this.times[seq - 1] as number) : Number.NEGATIVE_INFINITY;
  }

  /** The last seq of the longest prefix recorded at or before `limit`. */
  prefixUntil(limit: number): number {
    let n = 0;
    while (n < this.length && (this.times[n] as number) <= limit) n++;
    return n;
  }
}

export interface Cuts {
  events: Map<string, number>;
  audit: Map<string, number>;
}

/**
 * Where to cut each chain. `heads` are the backup's final heads (chain -> seq); `times` the
 * recorded_at of every row seen while verifying; `orgOfAuditChain` maps an audit chain to its
 * organisation (the chain id is the organisation id; the no-organisation chain maps to null).
 */
export function computeCuts(
  until: Until | undefined,
  heads: { events: Map<string, number>; audit: Map<string, number> },
  times: { events: Map<string, ChainTimes>; audit: Map<string, ChainTimes> },
  noOrgChain: string,
): Cuts {
  if (!until) return { events: new Map(heads.events), audit: new Map(heads.audit) };
  const timesOf = (log: 'events' | 'audit', chain: string) => times[log].get(chain) ?? new ChainTimes();
  if (until.kind === 'time') {
    const cut = (log: 'events' | 'audit') =>
      new Map(
        [...heads[log]].map(([chain, seq]) => [
          chain,
          Math.min(seq, timesOf(log, chain).prefixUntil(until.at)),
        ]),
      );
    return { events: cut('events'), audit: cut('audit') };
  }
  for (const org of until.perOrg.keys())
    if (!heads.events.has(org))
      throw new UntilError(`--until names organisation ${org}, which is not in the backup`);
  const events = new Map<string, number>();
  const cutTimes = new Map<string, number>();
  for (const [org, head] of heads.events) {
    const wanted = until.perOrg.get(org) ?? until.all;
    if (wanted === null || wanted === undefined || wanted >= head) {
      events.set(org, head);
      continue;
    }
    events.set(org, wanted);
    cutTimes.set(org, timesOf('events', org).at(wanted));
  }
  const everyOrgCut = heads.events.size > 0 && cutTimes.size === heads.events.size;
  const audit = new Map<string, number>();
  for (const [chain, head] of heads.audit) {
    let limit: number | undefined;
    if (chain === noOrgChain) {
      if (everyOrgCut) limit = Math.max(...cutTimes.values());
    } else {
      limit = cutTimes.get(chain);
    }
    audit.set(chain, limit === undefined ? head : Math.min(head, timesOf('audit', chain).prefixUntil(limit)));
  }
  return { events, audit };
}
