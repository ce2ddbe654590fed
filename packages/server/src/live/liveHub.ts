/**
 * Live updates for signed-in users (ARCHITECTURE.md §7): server-sent events fed by committed
 * changes, which every server process hears through LISTEN on `lantern_events` (see
 * notifyProjection.ts), so a change committed by any process reaches the streams of all of them.
 *
 * Constraints that shaped it:
 * 1) Each user sees only their organisation's changes, and only the kinds their permissions
 *    allow (case changes need case:read or queue:read). The organisation comes from the session,
 *    never from the client.
 * 2) Within a second of commit: notifications are gathered for FLUSH_MS (so a burst of changes
 *    to one case goes out once, at its latest version) and then written out.
 * 3) A flood (a rebuild replays every case; a listener reconnected after missing some) must not
 *    drown a console: above MAX_CHANGES_PER_FLUSH an organisation gets one `resync` instead,
 *    which tells the console to reload its queue.
 * 4) Streams are few per user and cheap: one process-wide timer writes heartbeats (so proxies
 *    keep the connection and dead ones are noticed), another re-checks every stream's session
 *    in one query, ending streams whose session was revoked, timed out or whose account was
 *    disabled. A slow reader whose buffer passes MAX_BUFFERED_BYTES is cut off (it reconnects
 *    and resyncs) rather than holding memory.
 */
import type { PassThrough } from 'node:stream';
import type { Database } from '../storage/database.js';
import { type CaseChange, LIVE_CHANNEL } from './notifyProjection.js';

const FLUSH_MS = 100;
const MAX_CHANGES_PER_FLUSH = 200;
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** EventSource reconnects after this long when a stream ends (retry: field). */
export const RECONNECT_MS = 3000;

export interface LiveHubOptions {
  heartbeatMs?: number;
  sessionCheckMs?: number;
  idleMinutes?: number;
  now?: () => Date;
}

export interface Subscriber {
  orgId: string;
  userId: string;
  sessionHash: string;
  canReadCases: boolean;
  stream: PassThrough;
}

export class LiveHub {
  private readonly byOrg = new Map<string, Set<Subscriber>>();
  private readonly pending = new Map<string, Map<string, CaseChange>>();
  private flushTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private sessionCheck: NodeJS.Timeout | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly heartbeatMs: number;
  private readonly sessionCheckMs: number;
  private readonly idleMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly database: Database,
    options: LiveHubOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.sessionCheckMs = options.sessionCheckMs ?? 30_000;
    this.idleMs = (options.idleMinutes ?? 15) * 60_000;
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(LIVE_CHANNEL, (payload) => this.receive(payload), {
      onReconnect: () => this.resyncAll('reconnected'),
    });
    this.heartbeat = setInterval(() => this.broadcast(': heartbeat\n\n'), this.heartbeatMs);
    this.heartbeat.unref();
    this.sessionCheck = setInterval(() => void this.checkSessions(), this.sessionCheckMs);
    this.sessionCheck.unref();
  }

  /** Ends every stream (server shutdown), so closing the server does not wait on them. */
  closeAll(): void {
    for (const subs of this.byOrg.values()) for (const s of subs) this.end(s, 'server-closing');
  }

  async stop(): Promise<void> {
    for (const t of [this.flushTimer, this.heartbeat, this.sessionCheck]) if (t) clearTimeout(t);
    this.closeAll();
    await this.unlisten?.();
    this.unlisten = null;
  }

  subscribe(sub: Subscriber): () => void {
    let subs = this.byOrg.get(sub.orgId);
    if (!subs) {
      subs = new Set();
      this.byOrg.set(sub.orgId, subs);
    }
    subs.add(sub);
    return () => this.remove(sub);
  }

  /** How many streams this user has open (to cap them). */
  countFor(orgId: string, userId: string): number {
    let n = 0;
    for (const s of this.byOrg.get(orgId) ?? []) if (s.userId === userId) n++;
    return n;
  }

  write(sub: Subscriber, event: string, data: unknown): void {
    this.send(sub, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private receive(payload: string): void {
    let change: CaseChange;
    try {
      change = JSON.parse(payload) as CaseChange;
    } catch {
      return;
    }
    if (change?.kind !== 'case' || typeof change.orgId !== 'string' || typeof change.caseId !== 'string')
      return;
    if (!this.byOrg.has(change.orgId)) return;
    let org = this.pending.get(change.orgId);
    if (!org) {
      org = new Map();
      this.pending.set(change.orgId, org);
    }
    const earlier = org.get(change.caseId);
    if (!earlier || earlier.version <= change.version) {
      org.set(change.caseId, {
        ...change,
        breachAt: change.breachAt ? new Date(change.breachAt).toISOString() : null,
      });
    }
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = null;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [orgId, changes] of batches) {
      const subs = [...(this.byOrg.get(orgId) ?? [])].filter((s) => s.canReadCases);
      if (changes.size > MAX_CHANGES_PER_FLUSH) {
        for (const s of subs) this.write(s, 'resync', { reason: 'many-changes', changes: changes.size });
        continue;
      }
      const ordered = [...changes.values()].sort((a, b) => a.seq - b.seq);
      for (const s of subs) {
        for (const { orgId: _org, kind: _kind, ...change } of ordered) this.write(s, 'case', change);
      }
    }
  }

  private resyncAll(reason: string): void {
    for (const subs of this.byOrg.values())
      for (const s of subs) if (s.canReadCases) this.write(s, 'resync', { reason });
  }

  private broadcast(chunk: string): void {
    for (const subs of this.byOrg.values()) for (const s of subs) this.send(s, chunk);
  }

  private send(sub: Subscriber, chunk: string): void {
    if (sub.stream.destroyed || sub.stream.writableEnded) {
      this.remove(sub);
      return;
    }
    sub.stream.write(chunk);
    if (sub.stream.writableLength > MAX_BUFFERED_BYTES) this.end(sub, 'too-slow');
  }

  private end(sub: Subscriber, reason: string): void {
    this.remove(sub);
    if (sub.stream.destroyed || sub.stream.writableEnded) return;
    sub.stream.end(`event: bye\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  private remove(sub: Subscriber): void {
    const subs = this.byOrg.get(sub.orgId);
    if (!subs?.delete(sub)) return;
    if (subs.size === 0) {
      this.byOrg.delete(sub.orgId);
      this.pending.delete(sub.orgId);
    }
  }

  /** Ends streams whose session is no longer good, in one query for the whole process. */
  private async checkSessions(): Promise<void> {
    const subs = [...this.byOrg.values()].flatMap((s) => [...s]);
    if (subs.length === 0) return;
    const hashes = [...new Set(subs.map((s) => s.sessionHash))];
    let good: Set<string>;
    try {
      const now = this.now();
      const rows = await this.database.db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select('s.id_hash')
        .where('s.id_hash', 'in', hashes)
        .where('s.revoked_at', 'is', null)
        .where('s.absolute_expires_at', '>', now)
        .where('s.last_seen_at', '>', new Date(now.getTime() - this.idleMs))
        .where('u.status', '=', 'active')
        .where((eb) => eb.or([eb('u.expires_at', 'is', null), eb('u.expires_at', '>', now)]))
        .where((eb) => eb.or([eb('u.locked_until', 'is', null), eb('u.locked_until', '<=', now)]))
        .execute();
      good = new Set(rows.map((r) => r.id_hash));
    } catch {
      return; // the database is away; try again next time rather than drop everyone
    }
    for (const s of subs) if (!good.has(s.sessionHash)) this.end(s, 'session-ended');
  }
}
